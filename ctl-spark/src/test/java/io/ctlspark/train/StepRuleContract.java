package io.ctlspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link StepRule}: a fresh updater leaves the parameters where they are on a
 * zero gradient, the same gradients give the same parameters, and small steps descend a convex
 * bowl. Every StepRule has a subclass (ContractCoverageTest checks it).
 */
public abstract class StepRuleContract {
  protected abstract StepRule rule();

  private static double bowl(double[] p) {
    double s = 0;
    for (double v : p) {
      s += v * v / 2;
    }
    return s;
  }

  private double[] descend(int steps) {
    double[] p = {1, -2, 3};
    StepRule.Updater u = rule().start(p.length, 0.01, 0.9);
    for (int t = 0; t < steps; t++) {
      u.update(p, p.clone()); // the bowl's gradient is p itself
    }
    return p;
  }

  @Test
  void aZeroGradientLeavesAFreshStartWhereItIs() {
    double[] p = {0.5, -1.5};
    rule().start(2, 0.1, 0.9).update(p, new double[2]);
    assertArrayEquals(new double[] {0.5, -1.5}, p);
  }

  @Test
  void isDeterministic() {
    assertArrayEquals(descend(25), descend(25));
  }

  @Test
  void smallStepsDescendAConvexBowl() {
    double start = bowl(new double[] {1, -2, 3});
    double after = bowl(descend(50));
    assertTrue(after < start, rule() + ": " + after + " >= " + start);
  }
}
