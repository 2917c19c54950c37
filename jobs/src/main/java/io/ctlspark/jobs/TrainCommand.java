package io.ctlspark.jobs;

import io.ctlspark.Version;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.InputFingerprint;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.features.Layout;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl train: one run (cascade or baseline) from a configuration, written to ctl.output. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one model per task (cascade, indiv or global-mtl) and write models, "
        + "tree, step budget and test metrics to ctl.output.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    RunSpec s = RunSpec.from(c);
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    return SparkJob.run(c, spark -> {
      RunOutput out = new RunOutput(spark, output, overwrite);
      out.checkWritable();
      List<InputFingerprint> inputs = new ArrayList<>();
      for (String key : s.features().layout == Layout.LONG ? List.of("ctl.data.series")
          : List.of("ctl.data.train", "ctl.data.test")) {
        inputs.add(InputFingerprint.of(spark.sparkContext().hadoopConfiguration(), key,
            c.requiredString(key)));
      }
      TrainingRun run = new TrainingRun(spark, c.integer("ctl.spark.partitions"));
      PhaseTimer timer = new PhaseTimer();
      TaskDataset data = timer.time("load", () -> run.load(s));
      try {
        RunResult r = run.train(data, s, timer);
        timer.time("write", () -> {
          out.write(r, c.renderJson(), Version.get(), inputs);
          return null;
        });
        System.out.printf("%s: %d tasks, steps used %d of %d, mean test RMSE %.6g, "
            + "mean test MSE %.6g -> %s%n", s.label(), data.taskCount(),
            r.trained.stepsCounted(), s.allocation().budget(), r.metrics.rmseMean(), r.metrics.mseMean(),
            output);
        return 0;
      } finally {
        data.release();
      }
    });
  }
}
