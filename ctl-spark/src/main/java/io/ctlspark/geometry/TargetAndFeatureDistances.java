package io.ctlspark.geometry;

import io.ctlspark.data.Standardization;

/** The feature, target and mean-covariance distances, over per-task summaries. */
final class TargetAndFeatureDistances {
  private TargetAndFeatureDistances() {}

  /**
   * RMS of the elementwise difference of the X matrices when all tasks have the same shape;
   * otherwise the RMS difference of each task's [mean | variance] (population variance) vector.
   *
   * @param s per task {x (row-major), {n, d}}
   */
  static TaskDistance feature(double[][][] s) {
    boolean sameShape = true;
    for (double[][] t : s) {
      sameShape &= t[1][0] == s[0][1][0] && t[1][1] == s[0][1][1];
    }
    if (sameShape) {
      double[][] x = new double[s.length][];
      for (int v = 0; v < s.length; v++) {
        x[v] = s[v][0];
      }
      return rms(x);
    }
    double[][] moments = new double[s.length][];
    for (int v = 0; v < s.length; v++) {
      int n = (int) s[v][1][0];
      int d = (int) s[v][1][1];
      double[] x = s[v][0];
      double[] mean = Standardization.columnMeans(x, n, d);
      double[] m = new double[2 * d];
      for (int j = 0; j < d; j++) {
        double var = 0.0;
        for (int i = 0; i < n; i++) {
          double t = x[i * d + j] - mean[j];
          var += t * t;
        }
        m[j] = mean[j];
        m[d + j] = var / n;
      }
      moments[v] = m;
    }
    return rms(moments);
  }

  /** RMS of the difference over the positions both vectors have. */
  private static TaskDistance rms(double[][] rows) {
    return TaskDistance.of(rows.length, (i, j) -> {
      int len = Math.min(rows[i].length, rows[j].length);
      double s = 0.0;
      for (int k = 0; k < len; k++) {
        double t = rows[i][k] - rows[j][k];
        s += t * t;
      }
      return Math.sqrt(s / len);
    });
  }

  /** Euclidean distance between the y vectors when all have one length, else Wasserstein-1. */
  static TaskDistance target(double[][] y) {
    for (double[] v : y) {
      if (v.length != y[0].length) {
        return new WassersteinDistance(y, false);
      }
    }
    return new EmbeddingDistance(y);
  }

  /** ||mu_i - mu_j||_2 + ||Sigma_i - Sigma_j||_F. @param s per task {mean, covariance} */
  static TaskDistance meanCovariance(double[][][] s) {
    return TaskDistance.of(s.length,
        (i, j) -> euclidean(s[i][0], s[j][0]) + euclidean(s[i][1], s[j][1]));
  }

  static double euclidean(double[] a, double[] b) {
    double s = 0.0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      s += t * t;
    }
    return Math.sqrt(s);
  }
}
