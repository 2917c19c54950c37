package io.ctlspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctlspark.model.LinearModel;
import org.junit.jupiter.api.Test;

/** Two updates of each step rule from p = (0, 0) with gradients (1, 2) then (3, -1), eta 0.1. */
class StepRuleTest {
  private static double[] twoSteps(StepRule rule) {
    StepRule.Updater u = rule.start(2, 0.1, 0.9);
    double[] p = {0, 0};
    u.update(p, new double[] {1, 2});
    u.update(p, new double[] {3, -1});
    return p;
  }

  @Test
  void clippedDescentIsTheReferenceRule() {
    // |(1, 2)| = sqrt 5 and |(3, -1)| = sqrt 10 are both clipped to norm 1 (plus 1e-6).
    double s1 = 1 / (Math.sqrt(5) + 1e-6);
    double s2 = 1 / (Math.sqrt(10) + 1e-6);
    assertArrayEquals(new double[] {-0.1 * s1 - 0.3 * s2, -0.2 * s1 + 0.1 * s2},
        twoSteps(StepRule.GD_CLIPPED), 1e-15);
  }

  @Test
  void plainDescentIsUnclipped() {
    assertArrayEquals(new double[] {-0.4, -0.1}, twoSteps(StepRule.GD), 1e-15);
  }

  @Test
  void momentumStartsFromTheGradientThenAccumulates() {
    // v1 = (1, 2); v2 = 0.9 v1 + (3, -1) = (3.9, 0.8); p = -0.1 (v1 + v2).
    assertArrayEquals(new double[] {-0.49, -0.28}, twoSteps(StepRule.MOMENTUM), 1e-15);
  }

  @Test
  void adamMatchesPyTorchsUpdate() {
    // Computed independently (Python, the torch.optim.Adam formulas): after the first step each
    // coordinate moves by eta * g / (|g| + 1e-8).
    assertArrayEquals(new double[] {-0.19177811048766774, -0.12663370329756846},
        twoSteps(StepRule.ADAM), 1e-15);
  }

  @Test
  void everyUpdateIsOneStepAndStateStartsFreshPerTask() {
    double[] x = {1, 2, 3, 4};
    double[] y = {1, -1};
    GradientDescent adam = new GradientDescent(0.05, StepRule.ADAM, 0.9);
    TrainedParameters once = adam.train("t", new LinearModel(2), new double[3], x, y, 2, 4);
    TrainedParameters again = adam.train("t", new LinearModel(2), new double[3], x, y, 2, 4);
    assertEquals(4, once.steps());
    // A second task (a second call) does not inherit the first one's moments.
    assertArrayEquals(once.parameters(), again.parameters(), 0);
  }
}
