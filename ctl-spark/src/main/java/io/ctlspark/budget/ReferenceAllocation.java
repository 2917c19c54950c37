package io.ctlspark.budget;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;

/**
 * The reference implementation's allocations, with its one defect removed: the reference raises a
 * task's share to at least one step even when that overspends B; here the plan never exceeds B,
 * and a budget too small for one step per task is an error or pure transfer, as configured.
 */
public final class ReferenceAllocation {
  private ReferenceAllocation() {}

  /** b_seed = max(1, floor(f * B)). */
  public static int seedSteps(long budget, double seedFraction) {
    validate(budget, seedFraction);
    return (int) Math.max(1, Math.floor(seedFraction * budget));
  }

  /**
   * Cascade, "uniform" rule: the root gets b_seed, every other task floor((B - b_seed) / (T - 1)).
   */
  public static StepPlan cascadeUniform(int taskCount, int root, long budget, double seedFraction,
      ZeroStepPolicy zeroSteps) {
    int seed = seedSteps(budget, seedFraction);
    int[] steps = new int[taskCount];
    steps[root] = seed;
    if (taskCount > 1) {
      long perTask = (budget - seed) / (taskCount - 1);
      if (perTask == 0 && zeroSteps == ZeroStepPolicy.ERROR) {
        throw new InvalidSettingException("{0}: " + budget + " steps cannot give each of "
            + (taskCount - 1) + " non-root tasks one step after the root's " + seed
            + " (need at least " + (seed + taskCount - 1) + "); raise the budget, lower "
            + "{1}, or set {2} = transfer", Setting.BUDGET, Setting.SEED_FRACTION,
            Setting.ZERO_STEP_TASKS);
      }
      for (int v = 0; v < taskCount; v++) {
        if (v != root) {
          steps[v] = (int) Math.min(Integer.MAX_VALUE, perTask);
        }
      }
    }
    return new StepPlan(budget, steps);
  }

  /**
   * Pooled root rule: a virtual source takes b_seed steps on the pooled data; every one of the T
   * tasks (the tree's root included) gets floor((B - b_seed) / T). The plan's budget is
   * B - b_seed, what is left for the tasks.
   */
  public static StepPlan pooledRoot(int taskCount, long budget, double seedFraction,
      ZeroStepPolicy zeroSteps) {
    int seed = seedSteps(budget, seedFraction);
    long perTask = (budget - seed) / taskCount;
    if (perTask == 0 && zeroSteps == ZeroStepPolicy.ERROR) {
      throw new InvalidSettingException("{0}: " + budget + " steps cannot give each of "
          + taskCount + " tasks one step after the pooled source's " + seed + " (need at least "
          + (seed + taskCount) + "); raise the budget or set {1} = transfer", Setting.BUDGET,
          Setting.ZERO_STEP_TASKS);
    }
    int[] steps = new int[taskCount];
    java.util.Arrays.fill(steps, (int) Math.min(Integer.MAX_VALUE, perTask));
    return new StepPlan(budget - seed, steps);
  }

  /** Indiv baseline: floor(B / T) steps for every task, from a fresh initialisation. */
  public static StepPlan independent(int taskCount, long budget, ZeroStepPolicy zeroSteps) {
    validateBudget(budget);
    long perTask = budget / taskCount;
    if (perTask == 0 && zeroSteps == ZeroStepPolicy.ERROR) {
      throw new InvalidSettingException("{0}: " + budget + " steps cannot give each of "
          + taskCount + " tasks one step; raise the budget or set {1} = transfer",
          Setting.BUDGET, Setting.ZERO_STEP_TASKS);
    }
    int[] steps = new int[taskCount];
    java.util.Arrays.fill(steps, (int) Math.min(Integer.MAX_VALUE, perTask));
    return new StepPlan(budget, steps);
  }

  private static void validate(long budget, double seedFraction) {
    validateBudget(budget);
    Setting.SEED_FRACTION.check(seedFraction);
  }

  private static void validateBudget(long budget) {
    Setting.BUDGET.check(budget);
  }
}
