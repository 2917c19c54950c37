package io.ctlspark.cascade;

import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.Model;
import io.ctlspark.train.GradientDescent;
import io.ctlspark.train.TaskSeeds;
import io.ctlspark.train.TrainedParameters;
import java.io.Serializable;

/**
 * Trains one task: from its parent's parameters, or from a fresh initialisation seeded by the run
 * seed and the task id when it has no parent. The same code runs on executors and in the plain
 * Java cascade, which is what makes their results identical.
 */
public final class TaskTrainer implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Model model;
  private final GradientDescent descent;
  private final long runSeed;
  private final double[] source;

  /** With the reference step rule (clipped gradient descent). */
  public TaskTrainer(Model model, double eta, long runSeed) {
    this(model, new GradientDescent(eta), runSeed, null);
  }

  public TaskTrainer(Model model, GradientDescent descent, long runSeed) {
    this(model, descent, runSeed, null);
  }

  private TaskTrainer(Model model, GradientDescent descent, long runSeed, double[] source) {
    this.model = model;
    this.descent = descent;
    this.runSeed = runSeed;
    this.source = source;
  }

  /** The same trainer, but roots start from {@code source} (the pooled root rule). */
  public TaskTrainer startingRootsFrom(double[] source) {
    return new TaskTrainer(model, descent, runSeed, source.clone());
  }

  public Model model() {
    return model;
  }

  public GradientDescent descent() {
    return descent;
  }

  public double[] freshParameters(String taskId) {
    return model.initialParameters(TaskSeeds.forTask(runSeed, taskId));
  }

  /** @param parentParameters null for a root (fresh initialisation, or the source if set) */
  public TrainedTask train(TaskRecord task, double[] parentParameters, int steps) {
    double[] init = parentParameters != null ? parentParameters
        : source != null ? source : freshParameters(task.id());
    TrainedParameters t = descent.train(task.id(), model, init, task.xTrain(),
        task.yTrain(), task.trainRows(), steps);
    return new TrainedTask(task.index(), t.parameters(), t.steps());
  }
}
