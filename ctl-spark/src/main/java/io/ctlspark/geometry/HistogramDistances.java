package io.ctlspark.geometry;

/** Distances between label histograms on bins shared by all tasks (numpy.histogram's binning). */
final class HistogramDistances {
  static final int KL_BINS = 19;
  static final double SMOOTHING = 1e-8;

  private HistogramDistances() {}

  /**
   * Symmetric KL: 19 equal bins over the global y range, histograms as densities, plus 1e-8,
   * renormalised; (KL(p||q) + KL(q||p)) / 2.
   */
  static TaskDistance kl(double[][] y) {
    double[] edges = edges(y, KL_BINS);
    double[][] p = new double[y.length][];
    for (int v = 0; v < y.length; v++) {
      double[] counts = counts(y[v], edges);
      double[] density = new double[KL_BINS];
      for (int b = 0; b < KL_BINS; b++) {
        density[b] = counts[b] / (edges[b + 1] - edges[b]) / y[v].length;
      }
      p[v] = smoothed(density);
    }
    return distance(p, (a, b) -> (relativeEntropy(a, b) + relativeEntropy(b, a)) / 2);
  }

  /**
   * Jensen-Shannon distance (natural log): min(50, max(10, floor(sqrt(N)))) equal bins over all N
   * pooled y values, counts plus 1e-8, renormalised; the square root of the JS divergence.
   */
  static TaskDistance jensenShannon(double[][] y) {
    long total = 0;
    for (double[] v : y) {
      total += v.length;
    }
    int bins = (int) Math.min(50, Math.max(10, (long) Math.floor(Math.sqrt(total))));
    double[] edges = edges(y, bins);
    double[][] p = new double[y.length][];
    for (int v = 0; v < y.length; v++) {
      p[v] = smoothed(counts(y[v], edges));
    }
    return distance(p, (a, b) -> {
      double[] m = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        m[k] = (a[k] + b[k]) / 2;
      }
      return Math.sqrt((relativeEntropy(a, m) + relativeEntropy(b, m)) / 2);
    });
  }

  /** numpy.linspace(min, max, bins + 1) over all values; a zero range widens to +-0.5. */
  static double[] edges(double[][] y, int bins) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] v : y) {
      for (double a : v) {
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] e = new double[bins + 1];
    double step = (hi - lo) / bins;
    for (int k = 0; k < bins; k++) {
      e[k] = lo + k * step;
    }
    e[bins] = hi;
    return e;
  }

  /** Counts per bin: [e_k, e_k+1), the last bin closed, as numpy.histogram places values. */
  static double[] counts(double[] y, double[] e) {
    int bins = e.length - 1;
    double[] c = new double[bins];
    double norm = bins / (e[bins] - e[0]);
    for (double a : y) {
      int k = (int) ((a - e[0]) * norm);
      if (k == bins) {
        k--;
      }
      if (a < e[k]) {
        k--;
      } else if (k != bins - 1 && a >= e[k + 1]) {
        k++;
      }
      c[k]++;
    }
    return c;
  }

  private static double[] smoothed(double[] h) {
    double sum = 0.0;
    double[] p = new double[h.length];
    for (int k = 0; k < h.length; k++) {
      p[k] = h[k] + SMOOTHING;
      sum += p[k];
    }
    for (int k = 0; k < h.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  static double relativeEntropy(double[] p, double[] q) {
    double s = 0.0;
    for (int k = 0; k < p.length; k++) {
      s += p[k] * Math.log(p[k] / q[k]);
    }
    return s;
  }

  private interface Divergence {
    double of(double[] p, double[] q);
  }

  private static TaskDistance distance(double[][] p, Divergence f) {
    return TaskDistance.of(p.length, (i, j) -> i == j ? 0.0 : f.of(p[i], p[j]));
  }
}
