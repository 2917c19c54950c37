package io.ctlspark.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.PrimMst;
import io.ctlspark.tree.RandomTree;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedAllocationTest {

  /** Root 0 with children 1, 2; task 3 under 1. Edge distances 1, 3 and 2. */
  private static CascadeTree smallTree() {
    return CascadeTree.fromParents(new int[] {-1, 0, 0, 1},
        new double[] {Double.NaN, 1.0, 3.0, 2.0});
  }

  @Test
  void largestRemainderByHand() {
    // B = 20, f = 0.1: root 2, rest 18. depth-increasing, alpha 1: weights 2, 2, 3 (depths
    // 1, 1, 2), quotas 18 * (2, 2, 3) / 7 = 5.14, 5.14, 7.71 -> floors 5, 5, 7 (17); the one
    // step left goes to the largest fraction, task 3: (5, 5, 8).
    StepPlan p = WeightedAllocation.plan(smallTree(), 0, 20, 0.1,
        AllocationScheme.DEPTH_INCREASING, 1.0, 1.0, ZeroStepPolicy.ERROR);
    assertArrayEquals(new int[] {2, 5, 5, 8}, p.toArray());
    // edge-length, beta 1: weights 1, 3, 2 (+1e-8), quotas 3, 9, 6: exact.
    StepPlan e = WeightedAllocation.plan(smallTree(), 0, 20, 0.1, AllocationScheme.EDGE_LENGTH,
        1.0, 1.0, ZeroStepPolicy.ERROR);
    assertArrayEquals(new int[] {2, 3, 9, 6}, e.toArray());
    // uniform: quotas 6 each; depth-decreasing: weights 1/2, 1/2, 1/3 -> 6.75, 6.75, 4.5 ->
    // floors 6, 6, 4 (16), two left to the largest fractions (tasks 1 and 2): 7, 7, 4.
    assertArrayEquals(new int[] {2, 6, 6, 6}, WeightedAllocation.plan(smallTree(), 0, 20, 0.1,
        AllocationScheme.UNIFORM, 1, 1, ZeroStepPolicy.ERROR).toArray());
    assertArrayEquals(new int[] {2, 7, 7, 4}, WeightedAllocation.plan(smallTree(), 0, 20, 0.1,
        AllocationScheme.DEPTH_DECREASING, 1, 1, ZeroStepPolicy.ERROR).toArray());
  }

  @Test
  void referenceSchemeIsTheAuthorsFloorRule() {
    StepPlan p = WeightedAllocation.plan(smallTree(), 0, 20, 0.1, AllocationScheme.REFERENCE,
        1, 1, ZeroStepPolicy.ERROR);
    assertArrayEquals(new int[] {2, 6, 6, 6}, p.toArray());
    StepPlan q = WeightedAllocation.plan(smallTree(), 0, 21, 0.1, AllocationScheme.REFERENCE,
        1, 1, ZeroStepPolicy.ERROR);
    assertEquals(20, q.total(), "reference leaves the remainder unspent");
  }

  @Test
  void everyWeightedSchemeSpendsExactlyTheBudget() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + rng.nextInt(150);
      double[][] rows = new double[n][2];
      for (double[] r : rows) {
        r[0] = rng.nextGaussian();
        r[1] = rng.nextGaussian();
      }
      EmbeddingDistance d = new EmbeddingDistance(rows);
      int root = rng.nextInt(n);
      CascadeTree tree = rng.nextBoolean() ? new PrimMst().build(d, root)
          : new RandomTree(trial).build(d, root);
      long budget = 1 + rng.nextLong(20 * n);
      double f = rng.nextDouble(0.01, 1.0);
      double alpha = rng.nextDouble(-2, 3);
      double beta = rng.nextDouble(-2, 3);
      for (AllocationScheme s : AllocationScheme.values()) {
        if (s == AllocationScheme.REFERENCE) {
          continue;
        }
        StepPlan p = WeightedAllocation.plan(tree, root, budget, f, s, alpha, beta,
            ZeroStepPolicy.TRANSFER);
        assertEquals(budget, p.total(), s + " spends exactly B");
        assertEquals(ReferenceAllocation.seedSteps(budget, f), p.steps(root));
        try {
          StepPlan strict = WeightedAllocation.plan(tree, root, budget, f, s, alpha, beta,
              ZeroStepPolicy.ERROR);
          for (int v = 0; v < n; v++) {
            assertTrue(strict.steps(v) >= 1);
          }
        } catch (BadInputException e) {
          assertTrue(e.getMessage().contains("without a step"), e.getMessage());
        }
      }
    }
  }

  @Test
  void unknownSchemeNamesTheKey() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> AllocationScheme.fromConfig("ctl.allocation.scheme", "greedy"));
    assertTrue(e.getMessage().contains("ctl.allocation.scheme"));
  }
}
