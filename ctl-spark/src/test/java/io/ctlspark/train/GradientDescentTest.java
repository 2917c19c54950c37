package io.ctlspark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.model.LinearModel;
import org.junit.jupiter.api.Test;

class GradientDescentTest {

  @Test
  void clippingScalesByOneOverNormPlusEpsilonAboveOne() {
    double[] g = {3, 4};
    assertEquals(5.0, GradientClipping.clipGlobalNorm(g), 0);
    assertArrayEquals(new double[] {3 / (5 + 1e-6), 4 / (5 + 1e-6)}, g, 0);
  }

  @Test
  void clippingLeavesSmallGradientsAlone() {
    double[] g = {0.6, 0.8};
    GradientClipping.clipGlobalNorm(g);
    assertArrayEquals(new double[] {0.6, 0.8}, g, 0);
  }

  @Test
  void oneStepByHand() {
    // The linear example of ModelGradientTest: gradient (6, -7.25, 0.5), norm sqrt(88.8125);
    // clipped and applied with eta = 0.1.
    double norm = Math.sqrt(88.8125);
    double s = 0.1 / (norm + 1e-6);
    TrainedParameters t = new GradientDescent(0.1).train("t", new LinearModel(2),
        new double[] {0.5, -1, 0.25}, new double[] {1, 2, 3, -1}, new double[] {1, 0}, 2, 1);
    assertArrayEquals(new double[] {0.5 - 6 * s, -1 + 7.25 * s, 0.25 - 0.5 * s},
        t.parameters(), 1e-15);
    assertEquals(1, t.steps());
    assertEquals(6.3125, t.lastLoss(), 1e-15);
  }

  @Test
  void zeroStepsIsPureTransfer() {
    double[] init = {0.1, 0.2, 0.3};
    TrainedParameters t = new GradientDescent(0.1).train("t", new LinearModel(2), init,
        new double[] {1, 2}, new double[] {1}, 1, 0);
    assertArrayEquals(init, t.parameters(), 0);
    assertNotSame(init, t.parameters());
    assertEquals(0, t.steps());
  }

  @Test
  void clippedStepsMoveAtMostEtaEach() {
    double[] init = {0, 0, 0};
    TrainedParameters t = new GradientDescent(0.01).train("t", new LinearModel(2), init,
        new double[] {100, 200, -300, 50}, new double[] {1000, -2000}, 2, 7);
    double moved = 0;
    for (double p : t.parameters()) {
      moved += p * p;
    }
    assertTrue(Math.sqrt(moved) <= 7 * 0.01 + 1e-12);
  }

  @Test
  void nonFiniteLossNamesTaskAndStep() {
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new GradientDescent(1e308).train("substation-7", new LinearModel(1),
            new double[] {0, 0}, new double[] {1e5}, new double[] {-1e5}, 1, 10));
    assertTrue(e.getMessage().contains("substation-7"), e.getMessage());
    assertTrue(e.getMessage().contains("step 1"), e.getMessage());
  }
}
