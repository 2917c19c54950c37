package io.ctlspark.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.PrimMst;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AllocationRule}: never above the budget, never negative, b_seed for the
 * root, exactly the budget for an exact rule (with a task besides the root: a lone root gets
 * b_seed), deterministic, and a budget too small for one step
 * per task an error unless zero-step tasks are allowed. Every {@link AllocationScheme} has a
 * subclass (ContractCoverageTest checks it).
 */
public abstract class AllocationRuleContract {
  protected abstract AllocationScheme scheme();

  private AllocationRule rule(long budget, ZeroStepPolicy zero) {
    return new AllocationSpec(budget, 0.1, scheme(), 1.0, 1.0, zero).rule();
  }

  /** Unequal training rows per task, for rules that weigh them. */
  static int[] rows(int n) {
    int[] rows = new int[n];
    for (int v = 0; v < n; v++) {
      rows[v] = 10 + 7 * (v % 5);
    }
    return rows;
  }

  static CascadeTree tree(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][2];
    for (double[] r : x) {
      r[0] = rng.nextGaussian();
      r[1] = rng.nextGaussian();
    }
    return new PrimMst().build(new EmbeddingDistance(x), 0);
  }

  @Test
  void neverAboveTheBudgetAndExactWhenTheRuleSaysSo() {
    for (int n : new int[] {1, 2, 10, 57}) {
      CascadeTree t = tree(n, n);
      for (long budget : new long[] {n + 40L, 1000, 12345}) {
        // Pure transfer allowed, so that every rule plans; StepPlan refuses negative steps.
        AllocationRule rule = rule(budget, ZeroStepPolicy.TRANSFER);
        StepPlan p = rule.plan(t, 0, budget, rows(n));
        assertTrue(p.total() <= budget, scheme() + ": " + p.total() + " > " + budget);
        if (rule.exact() && n > 1) {
          assertEquals(budget, p.total(), scheme() + " is exact");
        }
        assertEquals(ReferenceAllocation.seedSteps(budget, 0.1), p.steps(0), "b_seed");
      }
    }
  }

  @Test
  void isDeterministic() {
    CascadeTree t = tree(40, 9);
    assertArrayEquals(rule(777, ZeroStepPolicy.ERROR).plan(t, 0, 777, rows(40)).toArray(),
        rule(777, ZeroStepPolicy.ERROR).plan(t, 0, 777, rows(40)).toArray());
  }

  @Test
  void aBudgetTooSmallIsAnErrorOrPureTransfer() {
    CascadeTree t = tree(30, 4);
    assertThrows(BadInputException.class,
        () -> rule(12, ZeroStepPolicy.ERROR).plan(t, 0, 12, rows(30)));
    StepPlan p = rule(12, ZeroStepPolicy.TRANSFER).plan(t, 0, 12, rows(30));
    assertTrue(p.total() <= 12);
  }
}
