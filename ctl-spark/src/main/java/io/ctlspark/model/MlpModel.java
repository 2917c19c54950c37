package io.ctlspark.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Linear(d, h) -> ReLU -> Linear(h, 1). Parameters: [W1 (h x d, row-major), b1 (h), w2 (h), b2].
 * Each layer initialised like PyTorch's nn.Linear (bound 1/sqrt(fan_in), weights then bias).
 *
 * <p>The loss is the plain mean of (yhat_i - y_i)^2. The reference implementation broadcasts an
 * (n) prediction against an (n, 1) target, which trains every prediction towards the mean target;
 * we do not copy that defect (docs/method-notes.md).
 */
public final class MlpModel implements Model {
  private static final long serialVersionUID = 1L;
  private final int d;
  private final int h;

  public MlpModel(int inputDim, int hidden) {
    if (inputDim < 1 || hidden < 1) {
      throw new IllegalArgumentException("inputDim and hidden must be >= 1, got " + inputDim
          + " and " + hidden);
    }
    this.d = inputDim;
    this.h = hidden;
  }

  @Override
  public int inputDim() {
    return d;
  }

  public int hidden() {
    return h;
  }

  @Override
  public int parameterCount() {
    return h * d + h + h + 1;
  }

  @Override
  public double[] initialParameters(SplittableRandom rng) {
    double[] p = new double[parameterCount()];
    initInto(rng, p, 0);
    return p;
  }

  /** Writes fresh parameters into p starting at offset (used by the residual model too). */
  void initInto(SplittableRandom rng, double[] p, int off) {
    LinearModel.fillUniform(rng, p, off, off + h * d + h, 1.0 / Math.sqrt(d));
    LinearModel.fillUniform(rng, p, off + h * d + h, off + h * d + 2 * h + 1, 1.0 / Math.sqrt(h));
  }

  @Override
  public double predict(double[] params, double[] x, int rowOffset) {
    return forward(params, 0, x, rowOffset, null);
  }

  /** Output for one row; fills hidden pre-activations into {@code pre} when it is not null. */
  double forward(double[] p, int off, double[] x, int rowOffset, double[] pre) {
    int b1 = off + h * d;
    int w2 = b1 + h;
    double out = p[w2 + h];
    for (int k = 0; k < h; k++) {
      double a = p[b1 + k] + LinearModel.dot(p, off + k * d, x, rowOffset, d);
      if (pre != null) {
        pre[k] = a;
      }
      if (a > 0) {
        out += p[w2 + k] * a;
      }
    }
    return out;
  }

  /** Adds scale * d(output)/d(params) for one row into grad[off..]; pre from forward(). */
  void accumulateGradient(double[] p, int off, double[] x, int rowOffset, double[] pre,
      double scale, double[] grad) {
    int b1 = off + h * d;
    int w2 = b1 + h;
    for (int k = 0; k < h; k++) {
      double a = pre[k];
      if (a > 0) {
        grad[w2 + k] += scale * a;
        double back = scale * p[w2 + k];
        int row = off + k * d;
        for (int j = 0; j < d; j++) {
          grad[row + j] += back * x[rowOffset + j];
        }
        grad[b1 + k] += back;
      }
    }
    grad[w2 + h] += scale;
  }

  @Override
  public double lossAndGradient(double[] params, double[] x, double[] y, int n, double[] grad) {
    Arrays.fill(grad, 0.0);
    double[] pre = new double[h];
    double loss = 0.0;
    double scale = 2.0 / n;
    for (int i = 0; i < n; i++) {
      double r = forward(params, 0, x, i * d, pre) - y[i];
      loss += r * r;
      accumulateGradient(params, 0, x, i * d, pre, scale * r, grad);
    }
    return loss / n;
  }
}
