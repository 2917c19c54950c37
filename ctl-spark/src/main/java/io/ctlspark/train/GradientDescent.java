package io.ctlspark.train;

import io.ctlspark.model.Model;

/**
 * Full-batch gradient descent: per step, the mean loss over all of the task's training rows, its
 * gradient, then one update by the step rule (the reference's by default: global-norm clipping to
 * 1, then p <- p - eta * grad). One update is one step of the budget. Zero steps leave the initial
 * parameters unchanged (pure transfer).
 */
public final class GradientDescent implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** torch.optim.SGD's usual momentum, the default of ctl.train.momentum. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  private final double eta;
  private final StepRule rule;
  private final double momentum;

  /** The reference rule (clipped gradient descent). */
  public GradientDescent(double eta) {
    this(eta, StepRule.GD_CLIPPED, DEFAULT_MOMENTUM);
  }

  public GradientDescent(double eta, StepRule rule, double momentum) {
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("eta must be a positive finite number, got " + eta);
    }
    this.eta = eta;
    this.rule = rule;
    this.momentum = momentum;
  }

  /** A fresh updater of this rule, for a model of {@code size} parameters. */
  public StepRule.Updater start(int size) {
    return rule.start(size, eta, momentum);
  }

  /**
   * Trains a copy of {@code init} for exactly {@code steps} steps.
   *
   * @throws TrainingDivergedException naming the task and the step where the loss is not finite
   */
  public TrainedParameters train(String taskId, Model model, double[] init, double[] x, double[] y,
      int n, int steps) {
    double[] p = init.clone();
    double[] grad = new double[p.length];
    StepRule.Updater updater = start(p.length);
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      loss = model.lossAndGradient(p, x, y, n, grad);
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(taskId, step, loss);
      }
      updater.update(p, grad);
    }
    return new TrainedParameters(p, steps, loss);
  }
}
