package io.ctlspark.train;

/** Global L2-norm clipping of a whole gradient, as torch.nn.utils.clip_grad_norm_ with max norm 1. */
public final class GradientClipping {
  public static final double MAX_NORM = 1.0;
  private static final double EPS = 1e-6;

  private GradientClipping() {}

  /** Scales grad in place by 1 / (norm + 1e-6) when its L2 norm exceeds 1; returns the norm. */
  public static double clipGlobalNorm(double[] grad) {
    double sq = 0.0;
    for (double g : grad) {
      sq += g * g;
    }
    double norm = Math.sqrt(sq);
    if (norm > MAX_NORM) {
      double scale = MAX_NORM / (norm + EPS);
      for (int i = 0; i < grad.length; i++) {
        grad[i] *= scale;
      }
    }
    return norm;
  }
}
