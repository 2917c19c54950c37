package io.ctlspark.jobs;

import io.ctlspark.BadInputException;
import io.ctlspark.config.ConfigName;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.tune.Sampler;
import io.ctlspark.tune.SamplerType;
import io.ctlspark.tune.SearchSpace;
import io.ctlspark.tune.Tuner;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl tune: hyperparameter search; writes the trial log and the best values as a fragment. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Search eta and the seed fraction (and hidden, eps for mlp/residual) with TPE, "
        + "random or grid search on each task's validation rows; write trials.csv and best.conf "
        + "(a configuration fragment for train and experiment: --config job.conf --config "
        + "best.conf) to ctl.output.")
public final class TuneCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    RunSpec s = RunSpec.from(c);
    SearchSpace space = Tuner.space(c);
    int trials = c.integer("ctl.tune.trials");
    int rows = c.integer("ctl.tune.validation-rows");
    String where = c.requiredString("ctl.tune.validation");
    if (trials < 1 || rows < 1) {
      throw new BadInputException("ctl.tune.trials and ctl.tune.validation-rows must be at "
          + "least 1");
    }
    if (!where.equals("first") && !where.equals("last")) {
      throw new BadInputException("ctl.tune.validation: unknown value '" + where
          + "'; expected one of [first, last]");
    }
    long seed = c.longValue("ctl.tune.seed");
    String name = c.requiredString("ctl.tune.sampler");
    Sampler sampler = ConfigName.parse(SamplerType.class, "ctl.tune.sampler", name)
        .create(seed, c.integer("ctl.tune.grid-levels"));
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    return SparkJob.run(c, spark -> {
      AtomicFolder folder = AtomicFolder.open(spark.sparkContext().hadoopConfiguration(),
          output, overwrite, "ctl.output");
      folder.checkWritable("set ctl.output-mode = overwrite");
      TrainingRun loader = new TrainingRun(spark, c.integer("ctl.spark.partitions"));
      Tuner tuner = new Tuner(spark, loader.partitions(), c.integer("ctl.tune.parallelism"));
      List<Tuner.Result> results;
      // Long series with a validation range in ctl.split validate on it; otherwise each task's
      // first (or last) training rows are its validation rows.
      TaskDataset byTime = loader.loadTimeValidation(s);
      if (byTime != null) {
        try {
          results = tuner.run(byTime, c, space, sampler, trials);
        } finally {
          byTime.release();
        }
      } else {
        TaskDataset data = loader.load(s);
        try {
          TaskDataset tuning = data.validationSplit(rows, where.equals("last"));
          try {
            results = tuner.run(tuning, c, space, sampler, trials);
          } finally {
            tuning.release();
          }
        } finally {
          data.release();
        }
      }
      Tuner.Result best = results.stream().filter(r -> Double.isFinite(r.objective()))
          .min(Comparator.comparingDouble(Tuner.Result::objective))
          .orElseThrow(() -> new IllegalStateException("every trial diverged; narrow "
              + "ctl.tune.space.eta"));
      StringBuilder log = new StringBuilder("trial");
      space.dimensions().forEach(d -> log.append(',').append(d.key()));
      log.append(",validation_rmse,seconds\n");
      for (Tuner.Result r : results) {
        log.append(r.trial());
        for (double v : r.values()) {
          log.append(',').append(v);
        }
        log.append(',').append(Double.isFinite(r.objective()) ? Double.toString(r.objective())
            : "").append(',').append(r.seconds()).append('\n');
      }
      StringBuilder fragment = new StringBuilder(String.format(Locale.ROOT,
          "# ctl tune: best of %d trials (%s sampler), mean validation RMSE %s%n", trials, name,
          best.objective()));
      for (int j = 0; j < space.size(); j++) {
        SearchSpace.Dimension d = space.dimensions().get(j);
        fragment.append(d.key()).append(" = ").append(d.integer()
            ? Long.toString((long) best.values()[j]) : Double.toString(best.values()[j]))
            .append('\n');
      }
      folder.write(tmp -> {
        FileSystem fs = folder.fileSystem();
        AtomicFolder.writeText(fs, new Path(tmp, "trials.csv"), log.toString());
        AtomicFolder.writeText(fs, new Path(tmp, "best.conf"), fragment.toString());
        AtomicFolder.writeText(fs, new Path(tmp, "_SUCCESS"), "");
      }, "set ctl.output-mode = overwrite");
      System.out.print(fragment);
      System.out.println("-> " + output);
      return 0;
    });
  }
}
