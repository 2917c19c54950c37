package io.ctlspark.geometry;

import io.ctlspark.data.Standardization;
import java.util.List;

/** The feature, target and mean-covariance distances, over per-task summaries. */
final class TargetAndFeatureDistances {
  private TargetAndFeatureDistances() {}

  /**
   * RMS of the elementwise difference of the X matrices when all tasks have the same shape;
   * otherwise the RMS difference of each task's [mean | variance] (population variance) vector.
   *
   * @param s every task's feature rows
   */
  static TaskDistance feature(List<FeatureRows> s) {
    boolean sameShape = true;
    for (FeatureRows t : s) {
      sameShape &= t.n == s.get(0).n && t.d == s.get(0).d;
    }
    if (sameShape) {
      double[][] x = new double[s.size()][];
      for (int v = 0; v < x.length; v++) {
        x[v] = s.get(v).x;
      }
      return rms(x);
    }
    double[][] moments = new double[s.size()][];
    for (int v = 0; v < moments.length; v++) {
      int n = s.get(v).n;
      int d = s.get(v).d;
      double[] x = s.get(v).x;
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

  /** ||mu_i - mu_j||_2 + ||Sigma_i - Sigma_j||_F. */
  static TaskDistance meanCovariance(List<MeanCovariance> s) {
    return TaskDistance.of(s.size(), (i, j) -> euclidean(s.get(i).mean, s.get(j).mean)
        + euclidean(s.get(i).covariance, s.get(j).covariance));
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
