package io.ctlspark.run;

import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.eval.RunMetrics;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.method.MethodResult;
import io.ctlspark.model.Model;
import io.ctlspark.tree.CascadeTree;
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
  }

  /** Seconds spent training: task summaries, tree building and the cascade (or baseline). */
  public double trainSeconds() {
    return phaseSeconds.getOrDefault("summaries", 0.0) + phaseSeconds.getOrDefault("tree", 0.0)
        + phaseSeconds.getOrDefault("cascade", 0.0);
  }
}
