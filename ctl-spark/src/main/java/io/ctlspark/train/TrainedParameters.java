package io.ctlspark.train;

/**
 * Result of training one task: its parameters, the steps taken, and the training loss measured
 * at the last step (before its update; NaN when no step was taken).
 */
public final class TrainedParameters {
  private final double[] parameters;
  private final int steps;
  private final double lastLoss;

  public TrainedParameters(double[] parameters, int steps, double lastLoss) {
    this.parameters = parameters;
    this.steps = steps;
    this.lastLoss = lastLoss;
  }

  public double[] parameters() {
    return parameters;
  }

  public int steps() {
    return steps;
  }

  public double lastLoss() {
    return lastLoss;
  }
}
