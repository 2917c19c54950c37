package io.ctlspark.jobs;

import io.ctlspark.BadInputException;
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
import io.ctlspark.tune.Search;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl train: one run (cascade or baseline) from a configuration, written to ctl.output. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one model per task (cascade, indiv or global-mtl) and write models, "
        + "tree, step budget, test metrics and baselines to ctl.output; with "
        + "ctl.train.tune = true, search ctl.tune.* on validation rows first.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  /**
   * A task whose test error is not finite (values near the double range's end overflow its
   * arithmetic) would publish null means: the run fails instead, naming the tasks.
   */
  static void rejectNonFinite(RunResult r) {
    List<String> tasks = new ArrayList<>();
    r.perTask.forEach(t -> {
      if (!Double.isFinite(t.mse())) {
        tasks.add(r.data.taskId(t.index()));
      }
    });
    if (!tasks.isEmpty()) {
      throw new BadInputException("the test error of " + tasks.size() + " of "
          + r.data.taskCount() + " tasks is not finite (" + String.join(", ",
              tasks.subList(0, Math.min(5, tasks.size()))) + (tasks.size() > 5 ? ", ..." : "")
          + "): their values overflow double arithmetic (magnitudes near 1e300?) or training "
          + "diverged; scale the data or lower ctl.train.eta. Nothing was written");
    }
  }

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    RunSpec s = RunSpec.from(c);
    boolean tune = c.bool("ctl.train.tune");
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    Preflight.inputs(c, s);
    Preflight.writable(c, output, overwrite, "ctl.output", RunOutput.OVERWRITE_HINT);
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
      PhaseTimer timer = PhaseTimer.logged();
      TaskDataset data = timer.time("load", () -> run.load(s));
      try {
        // Tuning searches on validation rows only (never the test rows), then the run trains
        // on all training rows with the best values and is tested once.
        Search.Outcome search = tune ? timer.time("tune", () -> Search.run(spark, run, c, data))
            : null;
        CtlConfig effective = search == null ? c : search.apply(c);
        RunSpec spec = search == null ? s : RunSpec.from(effective);
        if (search != null) {
          System.out.print(search.bestConf());
        }
        RunResult r = run.train(data, spec, timer);
        rejectNonFinite(r);
        if (c.bool("ctl.train.strict-budget")
            && spec.allocation().mostlyUnplanned(r.stepsPlanned)) {
          throw new BadInputException("ctl.train.strict-budget: only " + r.stepsPlanned
              + " of the budget's " + spec.allocation().budget() + " steps could be planned "
              + "for " + data.taskCount() + " tasks; raise the budget to at least one step per "
              + "task, or unset ctl.train.strict-budget. Nothing was written");
        }
        out.write(r, effective.renderJson(), Version.get(), inputs,
            search == null ? null : search.tuning());
        System.out.printf("%s: %d tasks, steps used %d of %d, mean test RMSE %.6g, "
            + "mean test MSE %.6g -> %s%n", spec.label(), data.taskCount(),
            r.trained.stepsCounted(), spec.allocation().budget(), r.metrics.rmseMean(),
            r.metrics.mseMean(), output);
        return 0;
      } finally {
        data.release();
      }
    });
  }
}
