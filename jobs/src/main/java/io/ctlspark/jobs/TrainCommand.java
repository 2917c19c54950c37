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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl train: one run (cascade or baseline) from a configuration, written to ctl.output. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one model per task (cascade, indiv or global-mtl) and write models, "
        + "tree, step budget, test metrics and baselines to ctl.output; with "
        + "ctl.train.tune = true, search ctl.tune.* on validation rows first.")
public final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);
  @Mixin
  ConfigOptions options;

  /**
   * A task whose test error is not finite (values near the double range's end overflow its
   * arithmetic, or training diverged) would publish null means: the run fails naming the tasks,
   * or, with ctl.train.non-finite-tasks = drop, publishes the other tasks and lists these as
   * dropped (no model, not in the means). A run where every task is non-finite fails either way.
   */
  static RunResult checkNonFinite(RunResult r, boolean drop) {
    int[] bad = r.nonFiniteTasks();
    if (bad.length == 0) {
      return r;
    }
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < Math.min(5, bad.length); i++) {
      tasks.add(r.data.taskId(bad[i]));
    }
    String named = bad.length + " of " + r.data.taskCount() + " tasks (" + String.join(", ",
        tasks) + (bad.length > 5 ? ", ..." : "") + ")";
    if (drop && bad.length < r.data.taskCount()) {
      LOG.warn("dropped {}: their test error is not finite; they have no model and are left "
          + "out of the means (metrics.json lists them under dropped_tasks)", named);
      return r.dropping(bad);
    }
    throw new BadInputException("the test error of " + named + " is not finite: their values "
        + "overflow double arithmetic (magnitudes near 1e300?) or training diverged; scale the "
        + "data or lower ctl.train.eta" + (drop ? "" : ", or set ctl.train.non-finite-tasks = "
        + "drop to publish the other tasks") + ". Nothing was written");
  }

  /** ctl.train.non-finite-tasks: whether to drop such tasks (drop) or fail (fail). */
  static boolean dropsNonFinite(CtlConfig c) {
    String v = c.requiredString("ctl.train.non-finite-tasks");
    return switch (v) {
      case "fail" -> false;
      case "drop" -> true;
      default -> throw new BadInputException("ctl.train.non-finite-tasks: expected fail or drop, "
          + "got '" + v + "'");
    };
  }

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    RunSpec s = RunSpec.from(c);
    boolean tune = c.bool("ctl.train.tune");
    boolean dropNonFinite = dropsNonFinite(c);
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    JitCheck.warnIfC1Only(s);
    Preflight.inputs(c, s);
    Preflight.writable(c, output, overwrite, "ctl.output", RunOutput.OVERWRITE_HINT);
    // On CSV or plain Parquet tables, train plans no Spark SQL: its session is made only if
    // something asks for it (reading through Spark SQL, the GBT baseline, tuning).
    return SparkJob.runtime(c, spark -> {
      RunOutput out = new RunOutput(spark.context(), output, overwrite);
      out.checkWritable();
      List<InputFingerprint> inputs = new ArrayList<>();
      for (String key : s.features().layout == Layout.LONG ? List.of("ctl.data.series")
          : List.of("ctl.data.train", "ctl.data.test")) {
        inputs.add(InputFingerprint.of(spark.context().hadoopConfiguration(), key,
            c.requiredString(key)));
      }
      TrainingRun run = new TrainingRun(spark, c.integer("ctl.spark.partitions"));
      PhaseTimer timer = PhaseTimer.logged();
      // With tuning on raw series, the validation samples come from the same read.
      TrainingRun.Loaded loaded = timer.time("load", () -> tune ? run.loadWithTimeValidation(s)
          : new TrainingRun.Loaded(run.load(s), null));
      TaskDataset data = loaded.data();
      try {
        // Tuning searches on validation rows only (never the test rows), then the run trains
        // on all training rows with the best values and is tested once.
        Search.Outcome search;
        try {
          search = tune ? timer.time("tune", () -> Search.run(spark, run, c, data,
              loaded.timeValidation())) : null;
        } finally {
          if (loaded.timeValidation() != null) {
            loaded.timeValidation().release();
          }
        }
        CtlConfig effective = search == null ? c : search.apply(c);
        RunSpec spec = search == null ? s : RunSpec.from(effective);
        if (search != null) {
          System.out.print(search.bestConf());
        }
        RunResult r = checkNonFinite(run.train(data, spec, timer), dropNonFinite);
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
