package io.ctlspark.geometry;

import io.ctlspark.BadInputException;
import io.ctlspark.data.Standardization;

/**
 * 1 - linear CKA between the column-centred feature matrices of two tasks:
 * CKA = ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F). Needs the same number of rows in both tasks
 * (rows are paired); a pair that differs is an error naming both tasks.
 */
final class CkaDistance implements TaskDistance {
  private final double[][] centred;
  private final int d;
  private final double[] selfNorm;
  private final String[] ids;

  /** @param s per task {x (row-major), {n, d}} */
  CkaDistance(double[][][] s, String[] ids) {
    this.ids = ids;
    this.d = (int) s[0][1][1];
    this.centred = new double[s.length][];
    this.selfNorm = new double[s.length];
    for (int v = 0; v < s.length; v++) {
      int n = (int) s[v][1][0];
      double[] x = s[v][0].clone();
      double[] mean = Standardization.columnMeans(x, n, d);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          x[i * d + j] -= mean[j];
        }
      }
      centred[v] = x;
      selfNorm[v] = Math.sqrt(crossNormSquared(x, x, n));
    }
  }

  /** ||B^T A||_F^2 for n x d matrices A and B. */
  private double crossNormSquared(double[] a, double[] b, int n) {
    double s = 0.0;
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < d; k++) {
        double c = 0.0;
        for (int i = 0; i < n; i++) {
          c += b[i * d + j] * a[i * d + k];
        }
        s += c * c;
      }
    }
    return s;
  }

  @Override
  public int taskCount() {
    return centred.length;
  }

  @Override
  public double between(int i, int j) {
    if (i == j) {
      return 0.0;
    }
    int n = centred[i].length / d;
    if (centred[j].length / d != n) {
      throw new BadInputException("ctl.tree.distance = cka: tasks '" + ids[i] + "' and '"
          + ids[j] + "' have " + n + " and " + centred[j].length / d
          + " training rows; linear CKA pairs rows, so it needs the same number");
    }
    double denom = selfNorm[i] * selfNorm[j];
    if (!(denom > 0)) {
      throw new BadInputException("ctl.tree.distance = cka: task '" + ids[denom == 0
          && selfNorm[i] == 0 ? i : j] + "' has constant features, so CKA is undefined");
    }
    return 1.0 - crossNormSquared(centred[i], centred[j], n) / denom;
  }
}
