package io.ctlspark.tune;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-dimensional Parzen estimator on [lo, hi] as TPE uses it: an equal-weight mixture of
 * normals truncated to the range, one at each observation plus a prior one at the centre with
 * the range's width as its scale. Each observation's scale is the larger distance to its sorted
 * neighbours (the bounds count as neighbours), clipped to [(hi - lo) / min(100, n + 1), hi - lo]:
 * the rule of Bergstra et al. (2011) and of Optuna's defaults ("magic clip").
 */
final class ParzenEstimator {
  private final double lo;
  private final double hi;
  private final double[] mu;
  private final double[] sigma;
  private final double[] mass;

  ParzenEstimator(double[] observations, double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
    int n = observations.length;
    mu = new double[n + 1];
    sigma = new double[n + 1];
    double[] sorted = observations.clone();
    Arrays.sort(sorted);
    double range = hi - lo;
    double minSigma = range / Math.min(100.0, n + 1.0);
    for (int i = 0; i < n; i++) {
      double left = i == 0 ? sorted[i] - lo : sorted[i] - sorted[i - 1];
      double right = i == n - 1 ? hi - sorted[i] : sorted[i + 1] - sorted[i];
      mu[i] = sorted[i];
      sigma[i] = Math.min(range, Math.max(minSigma, Math.max(left, right)));
    }
    mu[n] = (lo + hi) / 2;
    sigma[n] = range;
    mass = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      mass[i] = cdf((hi - mu[i]) / sigma[i]) - cdf((lo - mu[i]) / sigma[i]);
    }
  }

  /** Density at x (zero outside [lo, hi]). */
  double density(double x) {
    if (x < lo || x > hi) {
      return 0.0;
    }
    double sum = 0.0;
    for (int i = 0; i < mu.length; i++) {
      double z = (x - mu[i]) / sigma[i];
      sum += Math.exp(-0.5 * z * z) / (sigma[i] * Math.sqrt(2 * Math.PI)) / mass[i];
    }
    return sum / mu.length;
  }

  /** A draw: a component chosen uniformly, then its truncated normal by rejection. */
  double sample(SplittableRandom rng) {
    int i = rng.nextInt(mu.length);
    for (int attempt = 0; attempt < 1000; attempt++) {
      double x = mu[i] + sigma[i] * rng.nextGaussian();
      if (x >= lo && x <= hi) {
        return x;
      }
    }
    return Math.min(hi, Math.max(lo, mu[i]));
  }

  /** Standard normal CDF (Abramowitz and Stegun 7.1.26 through erf; error below 1.5e-7). */
  static double cdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736)
        * t + 0.254829592) * t * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }
}
