package io.ctlspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Loss and gradient of every model against values worked out by hand (in the comments). */
class ModelGradientTest {

  @Test
  void linearLossAndGradientByHand() {
    // w = (0.5, -1), b = 0.25; rows (1, 2) -> 1 and (3, -1) -> 0.
    // residuals: 0.5 - 2 + 0.25 - 1 = -2.25 and 1.5 + 1 + 0.25 - 0 = 2.75
    // loss = (2.25^2 + 2.75^2) / 2 = 6.3125
    // grad_w = (2/2) * (-2.25 * (1, 2) + 2.75 * (3, -1)) = (6.0, -7.25); grad_b = 0.5
    Model m = new LinearModel(2);
    double[] g = new double[3];
    double loss = m.lossAndGradient(new double[] {0.5, -1, 0.25}, new double[] {1, 2, 3, -1},
        new double[] {1, 0}, 2, g);
    assertEquals(6.3125, loss, 1e-15);
    assertArrayEquals(new double[] {6.0, -7.25, 0.5}, g, 1e-15);
  }

  @Test
  void mlpLossAndGradientByHand() {
    // d = 1, h = 2: W1 = (1, -1), b1 = (0, 0.5), w2 = (2, 3), b2 = 0.1; x = 2, y = 1.
    // pre-activations (2, -1.5) -> ReLU (2, 0); out = 0.1 + 4 = 4.1; r = 3.1; loss = 9.61
    // dL/dout = 6.2: w2 (12.4, 0), b2 6.2; unit 0: back 12.4 -> W1[0] 24.8, b1[0] 12.4
    Model m = new MlpModel(1, 2);
    double[] g = new double[m.parameterCount()];
    double loss = m.lossAndGradient(new double[] {1, -1, 0, 0.5, 2, 3, 0.1}, new double[] {2},
        new double[] {1}, 1, g);
    assertEquals(9.61, loss, 1e-12);
    assertArrayEquals(new double[] {24.8, 0, 12.4, 0, 12.4, 0, 6.2}, g, 1e-12);
  }

  @Test
  void residualLossAndGradientByHand() {
    // linear w = 0.5, b = -0.2 plus 0.1 * the MLP above: out = 1 - 0.2 + 0.41 = 1.21;
    // r = 0.21; loss = 0.0441; dL/dout = 0.42: linear (0.84, 0.42); MLP scaled by 0.042:
    // W1 (0.168, 0), b1 (0.084, 0), w2 (0.084, 0), b2 0.042
    Model m = new ResidualModel(1, 2, 0.1);
    double[] g = new double[m.parameterCount()];
    double loss = m.lossAndGradient(new double[] {0.5, -0.2, 1, -1, 0, 0.5, 2, 3, 0.1},
        new double[] {2}, new double[] {1}, 1, g);
    assertEquals(0.0441, loss, 1e-12);
    assertArrayEquals(new double[] {0.84, 0.42, 0.168, 0, 0.084, 0, 0.084, 0, 0.042}, g, 1e-12);
  }

  @Test
  void logisticLossAndGradientByHand() {
    // theta = (0.5, -0.25), x = (2, 4), y = 1: z = 0, p = 0.5, loss = ln 2;
    // grad = (0.5 - 1) * (2, 4) + 1e-4 * theta = (-0.99995, -2.000025)
    Model m = new LogisticModel(2);
    double[] g = new double[2];
    double loss = m.lossAndGradient(new double[] {0.5, -0.25}, new double[] {2, 4},
        new double[] {1}, 1, g);
    assertEquals(Math.log(2), loss, 1e-15);
    assertArrayEquals(new double[] {-0.99995, -2.000025}, g, 1e-15);
  }

  @Test
  void logisticClampsTheLogitSoLossStaysFinite() {
    Model m = new LogisticModel(1);
    double[] g = new double[1];
    double loss = m.lossAndGradient(new double[] {1e6}, new double[] {1}, new double[] {0}, 1, g);
    assertEquals(500.0, loss, 1e-9);
  }

  @Test
  void everyGradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(11);
    int d = 4;
    int n = 7;
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(2);
    }
    for (Model m : List.of(new LinearModel(d), new MlpModel(d, 5), new ResidualModel(d, 5, 0.3),
        new LogisticModel(d))) {
      double[] p = m.initialParameters(rng);
      for (int i = 0; i < p.length; i++) {
        p[i] += 0.3 * rng.nextGaussian();
      }
      double[] g = new double[p.length];
      m.lossAndGradient(p, x, y, n, g);
      for (int i = 0; i < p.length; i++) {
        double h = 1e-6;
        double[] up = p.clone();
        double[] down = p.clone();
        up[i] += h;
        down[i] -= h;
        double[] scratch = new double[p.length];
        double numeric = (m.lossAndGradient(up, x, y, n, scratch)
            - m.lossAndGradient(down, x, y, n, scratch)) / (2 * h);
        if (m instanceof LogisticModel) {
          numeric += LogisticModel.REG * p[i]; // the reported loss leaves the L2 term out
        }
        assertEquals(numeric, g[i], 1e-6 * Math.max(1, Math.abs(numeric)),
            m.getClass().getSimpleName() + " parameter " + i);
      }
    }
  }

  @Test
  void initialisationFollowsTorchLinearBoundsAndSeed() {
    Model m = new MlpModel(4, 9);
    double[] a = m.initialParameters(new SplittableRandom(3));
    double[] b = m.initialParameters(new SplittableRandom(3));
    assertArrayEquals(a, b);
    for (int i = 0; i < 9 * 4 + 9; i++) {
      assertTrue(Math.abs(a[i]) <= 0.5, "first layer bound 1/sqrt(4)");
    }
    for (int i = 9 * 4 + 9; i < a.length; i++) {
      assertTrue(Math.abs(a[i]) <= 1 / 3.0, "second layer bound 1/sqrt(9)");
    }
    assertArrayEquals(new double[3], new LogisticModel(3).initialParameters(
        new SplittableRandom(1)));
  }
}
