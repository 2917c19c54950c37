package io.ctlspark.tune;

import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.ZeroStepPolicy;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.experiment.ExperimentGrid;
import io.ctlspark.experiment.ExperimentRunner;
import io.ctlspark.model.ModelType;
import io.ctlspark.run.Method;
import io.ctlspark.run.RunSpec;
import io.ctlspark.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hyperparameter search (ctl.tune): each trial is one training run on the tuning split (the
 * validation rows of every task stand in for its test rows, the test set is never seen), scored
 * by the mean over tasks of validation RMSE; the tree is rebuilt for every trial. Trials run
 * {@code parallelism} at a time: the sampler proposes a batch, knowing the pending points.
 */
public final class Tuner {
  private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
  private final SparkRuntime spark;
  private final int partitions;
  private final int parallelism;

  /** One finished trial: its settings' values (in the space's order) and its objective. */
  /** @param rowGradients the trial's computation (0 for an infeasible one, never run) */
  public record Result(int trial, double[] values, double objective, double seconds,
      long rowGradients) {}

  public Tuner(SparkRuntime spark, int partitions, int parallelism) {
    this.spark = spark;
    this.partitions = partitions;
    this.parallelism = Math.max(1, parallelism);
  }

  /** The search space of ctl.tune.space: eta and seed fraction, plus hidden and eps for MLPs. */
  public static SearchSpace space(CtlConfig c) {
    List<SearchSpace.Dimension> dims = new ArrayList<>();
    dims.add(dimension(c, "eta", "ctl.train.eta", true, false));
    dims.add(dimension(c, "seed-fraction", "ctl.train.seed-fraction", false, false));
    ModelType type = ModelType.fromConfig("ctl.model.type", c.requiredString("ctl.model.type"));
    if (type == ModelType.MLP || type == ModelType.RESIDUAL) {
      dims.add(dimension(c, "hidden", "ctl.model.hidden", false, true));
      if (type == ModelType.RESIDUAL) {
        dims.add(dimension(c, "eps", "ctl.model.eps", true, false));
      }
    }
    return new SearchSpace(dims);
  }

  private static SearchSpace.Dimension dimension(CtlConfig c, String name, String key,
      boolean log, boolean integer) {
    String at = "ctl.tune.space." + name;
    List<String> range = c.stringList(at);
    try {
      if (range.size() != 2) {
        throw new NumberFormatException("expected [low, high]");
      }
      return new SearchSpace.Dimension(key, Double.parseDouble(range.get(0)),
          Double.parseDouble(range.get(1)), log, integer);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(at + ": " + e.getMessage());
    }
  }

  /**
   * Whether the budget can give every task a step after the root's (or the pooled source's):
   * a seed fraction too large for the budget is an infeasible trial (scored as the worst), not
   * an error of the search, unless zero-step tasks are allowed.
   */
  static boolean feasible(RunSpec s, int tasks) {
    if (s.method() != Method.CASCADE || s.allocation().zeroSteps() == ZeroStepPolicy.TRANSFER) {
      return true;
    }
    long budget = s.allocation().budget();
    long left = budget - ReferenceAllocation.seedSteps(budget, s.allocation().seedFraction());
    return s.tree().root().equals(TreeSpec.POOLED_ROOT) ? left >= tasks : left >= tasks - 1;
  }

  public List<Result> run(TaskDataset tuning, CtlConfig base, SearchSpace space,
      Sampler sampler, int trials) {
    List<Sampler.Trial> history = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    ExperimentRunner runner = new ExperimentRunner(spark, partitions, parallelism, false);
    while (results.size() < trials) {
      int batch = Math.min(parallelism, trials - results.size());
      List<double[]> points = new ArrayList<>();
      List<ExperimentGrid.Cell> cells = new ArrayList<>();
      java.util.Set<Integer> infeasible = new java.util.HashSet<>();
      for (int b = 0; b < batch; b++) {
        double[] p = sampler.next(space, history);
        history.add(new Sampler.Trial(p, Double.NaN));
        points.add(p);
        CtlConfig c = base;
        for (int j = 0; j < space.size(); j++) {
          SearchSpace.Dimension d = space.dimensions().get(j);
          double v = d.value(p[j]);
          c = d.integer() ? c.with(d.key(), (long) v) : c.with(d.key(), v);
        }
        RunSpec s = RunSpec.from(c);
        if (!feasible(s, tuning.taskCount())) {
          infeasible.add(cells.size());
        }
        cells.add(new ExperimentGrid.Cell("trial-" + (results.size() + b),
            s.allocation().budget(), s.training().eta(), s.allocation().seedFraction(), 0, s));
      }
      List<ExperimentGrid.Cell> runnable = new ArrayList<>();
      for (int b = 0; b < cells.size(); b++) {
        if (!infeasible.contains(b)) {
          runnable.add(cells.get(b));
        }
      }
      List<ExperimentRunner.Outcome> ran = runner.run(tuning, runnable);
      List<ExperimentRunner.Outcome> out = new ArrayList<>();
      for (int b = 0, k = 0; b < cells.size(); b++) {
        out.add(infeasible.contains(b) ? ExperimentRunner.Outcome.failed(cells.get(b), 0)
            : ran.get(k++));
      }
      history.subList(history.size() - batch, history.size()).clear();
      for (int b = 0; b < batch; b++) {
        double objective = out.get(b).rmseMean();
        // A diverged, infeasible or undefined run is the worst trial, not the end of the search.
        double scored = Double.isFinite(objective) ? objective : Double.MAX_VALUE;
        history.add(new Sampler.Trial(points.get(b), scored));
        double[] values = new double[space.size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = space.dimensions().get(j).value(points.get(b)[j]);
        }
        Result r = new Result(results.size(), values, objective, out.get(b).wallSeconds(),
            out.get(b).rowGradients());
        results.add(r);
        // Numbered as in trials.csv (from 0), with the values tried.
        StringBuilder tried = new StringBuilder();
        for (int j = 0; j < values.length; j++) {
          tried.append(j == 0 ? "" : ", ").append(space.dimensions().get(j).key()).append(" = ")
              .append(String.format("%.4g", values[j]));
        }
        LOG.info("tune: trial {} ({} of {} done; {}): validation RMSE {}, {} s", r.trial(),
            results.size(), trials, tried, String.format("%.6g", objective),
            String.format("%.1f", r.seconds()));
      }
    }
    return results;
  }
}
