package io.ctlspark.geometry;

import io.ctlspark.data.Standardization;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.List;

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

  /** @param s every task's feature rows */
  CkaDistance(List<FeatureRows> s, String[] ids) {
    this.ids = ids;
    this.d = s.get(0).d;
    this.centred = new double[s.size()][];
    this.selfNorm = new double[s.size()];
    for (int v = 0; v < s.size(); v++) {
      int n = s.get(v).n;
      double[] x = s.get(v).x.clone();
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
      throw new InvalidSettingException("{0} = cka: tasks '" + ids[i] + "' and '"
          + ids[j] + "' have " + n + " and " + centred[j].length / d
          + " training rows; linear CKA pairs rows, so it needs the same number",
          Setting.DISTANCE);
    }
    double denom = selfNorm[i] * selfNorm[j];
    if (!(denom > 0)) {
      throw new InvalidSettingException("{0} = cka: task '" + ids[denom == 0
          && selfNorm[i] == 0 ? i : j] + "' has constant features, so CKA is undefined",
          Setting.DISTANCE);
    }
    return 1.0 - crossNormSquared(centred[i], centred[j], n) / denom;
  }
}
