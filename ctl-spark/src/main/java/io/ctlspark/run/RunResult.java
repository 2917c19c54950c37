package io.ctlspark.run;

import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.eval.RunMetrics;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.method.MethodResult;
import io.ctlspark.model.Model;
import io.ctlspark.tree.CascadeTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Everything one training run produced: what the output folder and the demo table are made of. */
public final class RunResult {
  public final RunSpec spec;
  public final TaskDataset data;
  public final Model model;
  /** The tree trained along; a forest of roots for the baselines. */
  public final CascadeTree tree;
  /** Root task index, or -1 for the baselines. */
  public final int root;
  /** Steps planned per task (the pooled model's steps are not per task: see stepsPlanned). */
  public final int[] stepsPlannedPerTask;
  public final long stepsPlanned;
  public final CascadeResult trained;
  public final long rowGradients;
  public final List<TaskMetrics> perTask;
  public final RunMetrics metrics;
  public final Map<String, Double> phaseSeconds;
  /**
   * Tasks trained but left out of what is published (ctl.train.non-finite-tasks = drop): no
   * model, no per-task row, not in the means. Ascending task indices; empty for most runs.
   */
  public final int[] dropped;

  RunResult(RunSpec settings, TaskDataset data, Model model, MethodResult m,
      List<TaskMetrics> perTask, Map<String, Double> phaseSeconds) {
    this.spec = settings;
    this.data = data;
    this.model = model;
    this.tree = m.tree();
    this.root = m.root();
    this.stepsPlannedPerTask = m.stepsPlannedPerTask();
    this.stepsPlanned = m.stepsPlanned();
    this.trained = m.trained();
    this.rowGradients = m.rowGradients();
    this.perTask = perTask;
    this.metrics = RunMetrics.of(perTask);
    this.phaseSeconds = phaseSeconds;
    this.dropped = new int[0];
  }

  private RunResult(RunResult r, int[] dropped, List<TaskMetrics> perTask) {
    this.spec = r.spec;
    this.data = r.data;
    this.model = r.model;
    this.tree = r.tree;
    this.root = r.root;
    this.stepsPlannedPerTask = r.stepsPlannedPerTask;
    this.stepsPlanned = r.stepsPlanned;
    this.trained = r.trained;
    this.rowGradients = r.rowGradients;
    this.perTask = perTask;
    this.metrics = RunMetrics.of(perTask);
    this.phaseSeconds = r.phaseSeconds;
    this.dropped = dropped;
  }

  /**
   * The tasks whose test error is not finite, ascending: values near the double range's end
   * overflow the arithmetic, or training diverged.
   */
  public int[] nonFiniteTasks() {
    return perTask.stream().filter(t -> !Double.isFinite(t.mse())).mapToInt(TaskMetrics::index)
        .sorted().toArray();
  }

  /**
   * This run without {@code tasks} (ascending indices): their metrics leave the per-task rows
   * and the means, and their models are not stored. Their place in the tree and the steps they
   * used stay, as trained: the budget audit covers every step taken.
   */
  public RunResult dropping(int[] tasks) {
    if (tasks.length >= perTask.size()) {
      throw new IllegalArgumentException("cannot drop all " + perTask.size() + " tasks");
    }
    List<TaskMetrics> kept = new ArrayList<>(perTask.size() - tasks.length);
    for (TaskMetrics t : perTask) {
      if (Arrays.binarySearch(tasks, t.index()) < 0) {
        kept.add(t);
      }
    }
    return new RunResult(this, tasks.clone(), kept);
  }

  /** Seconds spent training: task summaries, tree building and the cascade (or baseline). */
  public double trainSeconds() {
    return phaseSeconds.getOrDefault("summaries", 0.0) + phaseSeconds.getOrDefault("tree", 0.0)
        + phaseSeconds.getOrDefault("cascade", 0.0);
  }
}
