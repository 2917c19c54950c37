package io.ctlspark.tune;

import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import io.ctlspark.config.ConfigName;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.run.Tuning;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hyperparameter search as ctl.tune.* configures it, on validation rows only: long series with a
 * validation range in ctl.split validate on that range; otherwise each task's first (or last)
 * ctl.tune.validation-rows training rows are its validation rows. Test rows are never read: the
 * search's datasets are built from training rows (or the validation range) alone. What `ctl
 * tune` writes and what `ctl train` with ctl.train.tune = true trains with.
 */
public final class Search {
  private Search() {}

  /** The search's trials and its best one. */
  public record Outcome(SearchSpace space, List<Tuner.Result> results, Tuner.Result best,
      String sampler) {

    /** trials.csv: trial, the searched keys, validation_rmse, seconds. */
    public String trialsCsv() {
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
      return log.toString();
    }

    /** best.conf: the best values as a configuration fragment. */
    public String bestConf() {
      StringBuilder fragment = new StringBuilder(String.format(Locale.ROOT,
          "# ctl tune: best of %d trials (%s sampler), mean validation RMSE %s%n",
          results.size(), sampler, best.objective()));
      for (int j = 0; j < space.size(); j++) {
        fragment.append(space.dimensions().get(j).key()).append(" = ").append(value(j))
            .append('\n');
      }
      return fragment.toString();
    }

    /** The configuration with the best values in place of the searched keys. */
    public CtlConfig apply(CtlConfig c) {
      CtlConfig out = c;
      for (int j = 0; j < space.size(); j++) {
        SearchSpace.Dimension d = space.dimensions().get(j);
        out = out.with(d.key(), d.integer() ? (Object) (long) best.values()[j]
            : (Object) best.values()[j]);
      }
      return out;
    }

    /** The search as the run folder records it. */
    public Tuning tuning() {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int j = 0; j < space.size(); j++) {
        SearchSpace.Dimension d = space.dimensions().get(j);
        values.put(d.key(), d.integer() ? (Object) (long) best.values()[j]
            : (Object) best.values()[j]);
      }
      long rowGradients = results.stream().mapToLong(Tuner.Result::rowGradients).sum();
      return new Tuning(results.size(), sampler, best.objective(), values, rowGradients,
          trialsCsv());
    }

    private String value(int j) {
      return space.dimensions().get(j).integer() ? Long.toString((long) best.values()[j])
          : Double.toString(best.values()[j]);
    }
  }

  /**
   * Runs the configured search.
   *
   * @param loaded the run's tasks already loaded by {@code loader} (training and test rows), or
   *     null to load them here when needed; only their training rows are searched on
   */
  public static Outcome run(SparkRuntime spark, TrainingRun loader, CtlConfig c,
      TaskDataset loaded) {
    return run(spark, loader, c, loaded, null);
  }

  /**
   * As {@link #run(SparkRuntime, TrainingRun, CtlConfig, TaskDataset)}, with the tuning view
   * of raw series with a validation range already loaded ({@link
   * TrainingRun#loadWithTimeValidation}; the caller releases it), or null to load it here when
   * there is one.
   */
  public static Outcome run(SparkRuntime spark, TrainingRun loader, CtlConfig c,
      TaskDataset loaded, TaskDataset timeValidation) {
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
    String name = c.requiredString("ctl.tune.sampler");
    Sampler sampler = ConfigName.parse(SamplerType.class, "ctl.tune.sampler", name)
        .create(c.longValue("ctl.tune.seed"), c.integer("ctl.tune.grid-levels"));
    Tuner tuner = new Tuner(spark, loader.partitions(), c.integer("ctl.tune.parallelism"));
    List<Tuner.Result> results;
    TaskDataset byTime = timeValidation != null ? timeValidation : loader.loadTimeValidation(s);
    if (byTime != null) {
      try {
        results = tuner.run(byTime, c, space, sampler, trials);
      } finally {
        if (timeValidation == null) {
          byTime.release();
        }
      }
    } else {
      TaskDataset data = loaded != null ? loaded : loader.loadForSearch(s);
      try {
        TaskDataset tuning = data.validationSplit(rows, where.equals("last"));
        try {
          results = tuner.run(tuning, c, space, sampler, trials);
        } finally {
          tuning.release();
        }
      } finally {
        if (loaded == null) {
          data.release();
        }
      }
    }
    Tuner.Result best = results.stream().filter(r -> Double.isFinite(r.objective()))
        .min(Comparator.comparingDouble(Tuner.Result::objective))
        .orElseThrow(() -> new BadInputException("every trial diverged; narrow "
            + "ctl.tune.space.eta"));
    return new Outcome(space, results, best, name);
  }
}
