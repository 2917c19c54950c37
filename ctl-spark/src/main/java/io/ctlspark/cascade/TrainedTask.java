package io.ctlspark.cascade;

import java.io.Serializable;

/** What an executor sends back for one trained task: parameters and the steps it took. */
public final class TrainedTask implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final double[] parameters;
  private final int steps;

  public TrainedTask(int index, double[] parameters, int steps) {
    this.index = index;
    this.parameters = parameters;
    this.steps = steps;
  }

  public int index() {
    return index;
  }

  public double[] parameters() {
    return parameters;
  }

  public int steps() {
    return steps;
  }
}
