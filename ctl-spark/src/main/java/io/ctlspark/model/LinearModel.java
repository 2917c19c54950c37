package io.ctlspark.model;

import java.util.SplittableRandom;

/**
 * y = w.x + b. Parameters: [w_1..w_d, b]. Initialised like PyTorch's nn.Linear: weights, then
 * the bias, uniform in [-1/sqrt(d), 1/sqrt(d)].
 */
public final class LinearModel implements Model {
  private static final long serialVersionUID = 1L;
  private final int d;

  public LinearModel(int inputDim) {
    if (inputDim < 1) {
      throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
    }
    this.d = inputDim;
  }

  @Override
  public int inputDim() {
    return d;
  }

  @Override
  public int parameterCount() {
    return d + 1;
  }

  @Override
  public double[] initialParameters(SplittableRandom rng) {
    double[] p = new double[d + 1];
    fillUniform(rng, p, 0, d + 1, 1.0 / Math.sqrt(d));
    return p;
  }

  /** Uniform draws in [-bound, bound) into p[from, to), in index order. */
  static void fillUniform(SplittableRandom rng, double[] p, int from, int to, double bound) {
    for (int i = from; i < to; i++) {
      p[i] = rng.nextDouble(-bound, bound);
    }
  }

  @Override
  public double predict(double[] params, double[] x, int rowOffset) {
    return dot(params, 0, x, rowOffset, d) + params[d];
  }

  static double dot(double[] a, int aOff, double[] b, int bOff, int len) {
    double s = 0.0;
    for (int j = 0; j < len; j++) {
      s += a[aOff + j] * b[bOff + j];
    }
    return s;
  }

  @Override
  public double lossAndGradient(double[] params, double[] x, double[] y, int n, double[] grad) {
    java.util.Arrays.fill(grad, 0.0);
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
      int off = i * d;
      double r = dot(params, 0, x, off, d) + params[d] - y[i];
      loss += r * r;
      for (int j = 0; j < d; j++) {
        grad[j] += r * x[off + j];
      }
      grad[d] += r;
    }
    double scale = 2.0 / n;
    for (int j = 0; j <= d; j++) {
      grad[j] *= scale;
    }
    return loss / n;
  }
}
