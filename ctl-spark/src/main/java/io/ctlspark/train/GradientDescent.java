package io.ctlspark.train;

import io.ctlspark.model.Model;

/**
 * Full-batch gradient descent, the reference rule: per step, the mean loss over all of the task's
 * training rows, its gradient, global-norm clipping to 1, then p <- p - eta * grad. One update is
 * one step of the budget. Zero steps leave the initial parameters unchanged (pure transfer).
 */
public final class GradientDescent implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final double eta;

  public GradientDescent(double eta) {
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("eta must be a positive finite number, got " + eta);
    }
    this.eta = eta;
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
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      loss = model.lossAndGradient(p, x, y, n, grad);
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(taskId, step, loss);
      }
      GradientClipping.clipGlobalNorm(grad);
      for (int i = 0; i < p.length; i++) {
        p[i] -= eta * grad[i];
      }
    }
    return new TrainedParameters(p, steps, loss);
  }
}
