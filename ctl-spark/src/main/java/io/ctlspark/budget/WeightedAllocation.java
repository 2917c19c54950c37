package io.ctlspark.budget;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.tree.CascadeTree;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The paper's weighted allocation rules: the root gets b_seed = max(1, floor(f B)); the other
 * B - b_seed steps are split in proportion to per-task weights by the largest-remainder (Hamilton)
 * method: each task gets the floor of its quota, and the steps left over go one each to the tasks
 * with the largest fractional parts (ties: lower task index). The total is exactly B.
 */
public final class WeightedAllocation {
  private WeightedAllocation() {}

  public static StepPlan plan(CascadeTree tree, int root, long budget, double seedFraction,
      AllocationScheme scheme, double alpha, double beta, ZeroStepPolicy zeroSteps) {
    int n = tree.taskCount();
    if (scheme == AllocationScheme.REFERENCE) {
      return ReferenceAllocation.cascadeUniform(n, root, budget, seedFraction, zeroSteps);
    }
    int seed = ReferenceAllocation.seedSteps(budget, seedFraction);
    int[] steps = new int[n];
    steps[root] = seed;
    long rest = budget - seed;
    if (n == 1) {
      return new StepPlan(budget, steps);
    }
    double[] weight = new double[n];
    double total = 0.0;
    for (int v = 0; v < n; v++) {
      if (v != root) {
        weight[v] = scheme.weight(tree.depth(v), tree.distanceToParent(v), alpha, beta);
        if (!(weight[v] > 0) || Double.isInfinite(weight[v])) {
          throw new InvalidSettingException("{0}: " + scheme.configName()
              + " gives task " + v + " the weight " + weight[v] + "; check {1} and {2}",
              Setting.ALLOCATION, Setting.ALPHA, Setting.BETA);
        }
        total += weight[v];
      }
    }
    double[] fraction = new double[n];
    long given = 0;
    for (int v = 0; v < n; v++) {
      if (v != root) {
        double quota = rest * (weight[v] / total);
        steps[v] = (int) Math.floor(quota);
        fraction[v] = quota - steps[v];
        given += steps[v];
      }
    }
    int[] byRemainder = IntStream.range(0, n).filter(v -> v != root).boxed()
        .sorted(Comparator.<Integer>comparingDouble(v -> -fraction[v])
            .thenComparingInt(v -> v))
        .mapToInt(Integer::intValue).toArray();
    // Rounding can leave the floors a step over or under rest; settle the difference exactly.
    for (int k = 0; given < rest; k = (k + 1) % byRemainder.length) {
      steps[byRemainder[k]]++;
      given++;
    }
    for (int k = byRemainder.length - 1; given > rest; k = (k - 1 + byRemainder.length)
        % byRemainder.length) {
      if (steps[byRemainder[k]] > 0) {
        steps[byRemainder[k]]--;
        given--;
      }
    }
    if (zeroSteps == ZeroStepPolicy.ERROR) {
      int[] starved = IntStream.range(0, n).filter(v -> v != root && steps[v] == 0).toArray();
      if (starved.length > 0) {
        throw new InvalidSettingException("{0}: " + scheme.configName() + " leaves "
            + starved.length + " tasks without a step (budget " + budget + ", "
            + (n - 1) + " non-root tasks); raise {1} or set {2} = transfer",
            Setting.ALLOCATION, Setting.BUDGET, Setting.ZERO_STEP_TASKS);
      }
    }
    return new StepPlan(budget, steps);
  }
}
