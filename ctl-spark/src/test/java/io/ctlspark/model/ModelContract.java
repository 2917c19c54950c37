package io.ctlspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Model}: the gradient lossAndGradient returns is the gradient of the
 * training objective (checked by central finite differences at random points), its loss is the
 * loss of predict's forward pass, initial parameters are deterministic per seed and of the
 * advertised length. Every {@link ModelType} has a subclass (ContractCoverageTest checks it).
 */
public abstract class ModelContract {
  protected abstract ModelType type();

  /** Loss of one row from its prediction (the forward pass); the regressors' squared error. */
  protected double rowLoss(double prediction, double y) {
    return (prediction - y) * (prediction - y);
  }

  /** The objective the gradient is of: the loss, plus any penalty the model adds to it. */
  protected double objective(double loss, double[] params) {
    return loss;
  }

  /** A label for a row (0/1 for classifiers). */
  protected double label(SplittableRandom rng) {
    return rng.nextGaussian();
  }

  private Model model(int d) {
    return type().create(d, 4, 0.3);
  }

  private double[] point(Model m, SplittableRandom rng) {
    double[] p = m.initialParameters(rng);
    for (int i = 0; i < p.length; i++) {
      p[i] += 0.5 * rng.nextGaussian();
    }
    return p;
  }

  /** n random rows of d features (x) and their labels (y). */
  private double[][] rows(SplittableRandom rng, int n, int d) {
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = label(rng);
    }
    return new double[][] {x, y};
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    SplittableRandom rng = new SplittableRandom(11);
    int d = 3;
    int n = 7;
    Model m = model(d);
    for (int trial = 0; trial < 5; trial++) {
      double[][] xy = rows(rng, n, d);
      double[] x = xy[0];
      double[] y = xy[1];
      double[] p = point(m, rng);
      double[] g = new double[m.parameterCount()];
      m.lossAndGradient(p, x, y, n, g);
      double[] scratch = new double[g.length];
      for (int k = 0; k < p.length; k++) {
        double h = 1e-6;
        double[] up = p.clone();
        double[] down = p.clone();
        up[k] += h;
        down[k] -= h;
        double numeric = (objective(m.lossAndGradient(up, x, y, n, scratch), up)
            - objective(m.lossAndGradient(down, x, y, n, scratch), down)) / (2 * h);
        assertEquals(numeric, g[k], 1e-5 * Math.max(1, Math.abs(numeric)),
            type() + ": parameter " + k + " of trial " + trial);
      }
    }
  }

  @Test
  void lossIsTheForwardPassLoss() {
    SplittableRandom rng = new SplittableRandom(5);
    int d = 4;
    int n = 6;
    Model m = model(d);
    double[][] xy = rows(rng, n, d);
    double[] x = xy[0];
    double[] y = xy[1];
    double[] p = point(m, rng);
    double expected = 0;
    for (int i = 0; i < n; i++) {
      expected += rowLoss(m.predict(p, x, i * d), y[i]);
    }
    assertEquals(expected / n, m.lossAndGradient(p, x, y, n, new double[m.parameterCount()]),
        1e-12);
  }

  @Test
  void initialParametersAreDeterministicPerSeedAndOfTheAdvertisedLength() {
    Model m = model(5);
    double[] a = m.initialParameters(new SplittableRandom(3));
    assertEquals(m.parameterCount(), a.length);
    assertArrayEquals(a, m.initialParameters(new SplittableRandom(3)));
  }
}
