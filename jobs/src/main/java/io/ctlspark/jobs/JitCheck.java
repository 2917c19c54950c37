package io.ctlspark.jobs;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.ctlspark.model.ModelType;
import io.ctlspark.run.RunSpec;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bin/ctl runs most commands with C1 alone (CTL_JIT=quick) and picks C2 from the command line
 * (CTL_JIT=auto); a run it misjudged, one that needs C2's code for long arithmetic but got C1
 * only (its model type set in an included file, say), is told so here, with the way out.
 */
final class JitCheck {
  private static final Logger LOG = LoggerFactory.getLogger(JitCheck.class);

  private JitCheck() {}

  /** Warns when this run's model or baselines need C2 and this JVM compiles with C1 alone. */
  static void warnIfC1Only(RunSpec s) {
    String needs = needsC2(s);
    if (needs != null && c1Only()) {
      LOG.warn("{}: this JVM compiles with C1 alone (bin/ctl's CTL_JIT=quick), which makes "
          + "such runs up to twice as slow; run with CTL_JIT=full", needs);
    }
  }

  /** What in this run wants C2's code, or null. */
  static String needsC2(RunSpec s) {
    ModelType type = s.model().type();
    if (type == ModelType.MLP || type == ModelType.RESIDUAL) {
      return "ctl.model.type = " + type.configName() + " trains for long in arithmetic loops";
    }
    if (s.baselines().gbt()) {
      return "ctl.baselines.gbt = true trains MLlib's gradient-boosted trees";
    }
    return null;
  }

  /** Whether HotSpot runs with C1 alone (-XX:TieredStopAtLevel=1 or lower). */
  static boolean c1Only() {
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot != null && Integer.parseInt(
          hotSpot.getVMOption("TieredStopAtLevel").getValue()) <= 1;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // Not HotSpot, or no such option: nothing to advise.
      return false;
    }
  }
}
