package io.ctlspark.budget;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Gradient steps allowed per task under one global budget. The constructor refuses any plan whose
 * total exceeds the budget, so a StepPlan that exists is one that can be honoured.
 */
public final class StepPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long budget;
  private final int[] steps;

  public StepPlan(long budget, int[] steps) {
    long total = 0;
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 0) {
        throw new IllegalArgumentException("negative steps for task " + i);
      }
      total += steps[i];
    }
    if (total > budget) {
      throw new IllegalStateException("step plan of " + total + " exceeds budget " + budget);
    }
    this.budget = budget;
    this.steps = steps.clone();
  }

  public long budget() {
    return budget;
  }

  public int steps(int task) {
    return steps[task];
  }

  public int taskCount() {
    return steps.length;
  }

  public long total() {
    return Arrays.stream(steps).asLongStream().sum();
  }

  public int[] toArray() {
    return steps.clone();
  }
}
