package io.ctlspark.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary logistic regression: theta in R^d, no bias, zero initialisation. Loss = mean logistic
 * loss; gradient = X^T (sigmoid(X theta) - y) / n + reg * theta with reg = 1e-4; the logit is
 * clamped to [-500, 500] as in the reference.
 */
public final class LogisticModel implements Model {
  private static final long serialVersionUID = 1L;
  public static final double REG = 1e-4;
  private static final double LOGIT_CLAMP = 500.0;
  private final int d;

  public LogisticModel(int inputDim) {
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
    return d;
  }

  @Override
  public double[] initialParameters(SplittableRandom rng) {
    return new double[d];
  }

  private double logit(double[] params, double[] x, int rowOffset) {
    double z = LinearModel.dot(params, 0, x, rowOffset, d);
    return Math.max(-LOGIT_CLAMP, Math.min(LOGIT_CLAMP, z));
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  @Override
  public double predict(double[] params, double[] x, int rowOffset) {
    return sigmoid(logit(params, x, rowOffset));
  }

  @Override
  public double lossAndGradient(double[] params, double[] x, double[] y, int n, double[] grad) {
    Arrays.fill(grad, 0.0);
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
      int off = i * d;
      double z = logit(params, x, off);
      // log(1 + e^z) - y z, written so that it neither overflows nor loses precision.
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      loss += softplus - y[i] * z;
      double r = sigmoid(z) - y[i];
      for (int j = 0; j < d; j++) {
        grad[j] += r * x[off + j];
      }
    }
    for (int j = 0; j < d; j++) {
      grad[j] = grad[j] / n + REG * params[j];
    }
    return loss / n;
  }
}
