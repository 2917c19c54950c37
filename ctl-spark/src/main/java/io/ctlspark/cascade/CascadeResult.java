package io.ctlspark.cascade;

/** Trained parameters and steps of every task of a run, with the step audit. */
public final class CascadeResult {
  private final double[][] parameters;
  private final int[] stepsUsed;
  private final long stepsCounted;
  private final int stages;

  public CascadeResult(double[][] parameters, int[] stepsUsed, long stepsCounted, int stages) {
    this.parameters = parameters;
    this.stepsUsed = stepsUsed;
    this.stepsCounted = stepsCounted;
    this.stages = stages;
  }

  /** Parameters by task index. */
  public double[][] parameters() {
    return parameters;
  }

  /** Steps each task took, by task index, as its result reported them. */
  public int[] stepsUsed() {
    return stepsUsed;
  }

  /** Steps counted by the executors' accumulator (equal to the sum of {@link #stepsUsed()}). */
  public long stepsCounted() {
    return stepsCounted;
  }

  /** Spark stages (block levels) the run took. */
  public int stages() {
    return stages;
  }
}
