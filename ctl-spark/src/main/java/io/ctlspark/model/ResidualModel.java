package io.ctlspark.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * linear(x) + eps * mlp(x). Parameters: [linear (d + 1) | mlp]. Each part initialised by its own
 * rule, linear first. Plain mean squared error (see {@link MlpModel} on the reference's defect).
 */
public final class ResidualModel implements Model {
  private static final long serialVersionUID = 1L;
  private final LinearModel linear;
  private final MlpModel mlp;
  private final double eps;

  public ResidualModel(int inputDim, int hidden, double eps) {
    this.linear = new LinearModel(inputDim);
    this.mlp = new MlpModel(inputDim, hidden);
    this.eps = eps;
  }

  @Override
  public int inputDim() {
    return linear.inputDim();
  }

  @Override
  public int parameterCount() {
    return linear.parameterCount() + mlp.parameterCount();
  }

  @Override
  public double[] initialParameters(SplittableRandom rng) {
    double[] p = new double[parameterCount()];
    System.arraycopy(linear.initialParameters(rng), 0, p, 0, linear.parameterCount());
    mlp.initInto(rng, p, linear.parameterCount());
    return p;
  }

  @Override
  public double predict(double[] params, double[] x, int rowOffset) {
    return linear.predict(params, x, rowOffset)
        + eps * mlp.forward(params, linear.parameterCount(), x, rowOffset, null);
  }

  @Override
  public double lossAndGradient(double[] params, double[] x, double[] y, int n, double[] grad) {
    Arrays.fill(grad, 0.0);
    int d = inputDim();
    int off = linear.parameterCount();
    double[] pre = new double[mlp.hidden()];
    double loss = 0.0;
    double scale = 2.0 / n;
    for (int i = 0; i < n; i++) {
      int row = i * d;
      double out = linear.predict(params, x, row) + eps * mlp.forward(params, off, x, row, pre);
      double r = out - y[i];
      loss += r * r;
      double g = scale * r;
      for (int j = 0; j < d; j++) {
        grad[j] += g * x[row + j];
      }
      grad[d] += g;
      mlp.accumulateGradient(params, off, x, row, pre, g * eps, grad);
    }
    return loss / n;
  }
}
