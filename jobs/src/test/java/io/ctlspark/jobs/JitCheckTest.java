package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.RunSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What wants C2's code, and the warning a run gets when its JVM runs C1 alone. */
class JitCheckTest {
  private static RunSpec spec(String... sets) {
    return RunSpec.from(CtlConfig.load(null, List.of(sets)));
  }

  @Test
  void mlpResidualAndTheGbtBaselineWantC2() {
    assertTrue(JitCheck.needsC2(spec("ctl.model.type=mlp")).contains("mlp"));
    assertTrue(JitCheck.needsC2(spec("ctl.model.type=residual")).contains("residual"));
    assertTrue(JitCheck.needsC2(spec("ctl.baselines.gbt=true")).contains("gbt"));
    assertNull(JitCheck.needsC2(spec()), "linear, no GBT: the default");
    assertNull(JitCheck.needsC2(spec("ctl.model.type=logistic")));
  }

  @Test
  void theTestsJvmHasC2() {
    // The tests run with the full JIT's flags (pom.xml, ctl.jit.opts).
    assertFalse(JitCheck.c1Only());
  }

  /** A JVM with C1 alone, as bin/ctl's CTL_JIT=quick starts it, warns about an MLP run. */
  @Test
  void anMlpRunUnderC1AloneWarnsAndNamesTheWayOut() throws IOException, InterruptedException {
    assertEquals("", warnings("-XX:TieredStopAtLevel=4", "ctl.model.type=mlp"));
    assertEquals("", warnings("-XX:TieredStopAtLevel=1", "ctl.model.type=linear"));
    String warned = warnings("-XX:TieredStopAtLevel=1", "ctl.model.type=mlp");
    assertTrue(warned.contains("ctl.model.type = mlp") && warned.contains("CTL_JIT=full"),
        warned);
  }

  /** JitCheck's lines from a train that fails its input check (no data), in its own JVM. */
  private static String warnings(String jit, String set) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", jit));
    cmd.addAll(List.of(System.getProperty("ctl.java.opts").trim().split("\\s+")));
    cmd.addAll(List.of("-Dlog4j.configurationFile="
            + Path.of(System.getProperty("ctl.project.dir"), "conf", "log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), CtlCommand.class.getName(), "train",
        "--set", set, "--set", "ctl.data.train=/no/such/table"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(CtlCommand.EXIT_BAD_INPUT, p.exitValue(), out);
    return String.join("\n", out.lines().filter(l -> l.contains("JitCheck")).toList());
  }
}
