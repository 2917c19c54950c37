package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.OutputMode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --config and --set, shared by the commands that read a job configuration (a picocli mixin). */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON configuration file; "
      + "repeatable, later files override earlier ones (e.g. --config job.conf --config "
      + "best.conf from ctl tune)")
  List<File> configs = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override one configuration key (repeatable)")
  List<String> sets = new ArrayList<>();

  CtlConfig load() {
    return CtlConfig.loadAll(configs, sets);
  }

  /** Whether ctl.output-mode allows replacing an existing output folder. */
  static boolean overwrite(CtlConfig c) {
    return OutputMode.fromConfig("ctl.output-mode", c.requiredString("ctl.output-mode"))
        == OutputMode.OVERWRITE;
  }
}
