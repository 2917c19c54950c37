package io.ctlspark.geometry;

import io.ctlspark.data.Standardization;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/** Per-task statistics the distances are built from (row-major n x d matrices). */
final class TaskSummaries {
  static final double RIDGE = 0.01;

  private TaskSummaries() {}

  static double[] xty(double[] x, double[] y, int n, int d) {
    double[] g = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        g[j] += x[i * d + j] * y[i];
      }
    }
    return g;
  }

  static double[] unitGradient(double[] x, double[] y, int n, int d) {
    double[] g = xty(x, y, n, d);
    double norm = 0.0;
    for (double v : g) {
      norm += v * v;
    }
    norm = Math.sqrt(norm) + 1e-8;
    for (int j = 0; j < d; j++) {
      g[j] /= norm;
    }
    return g;
  }

  /** (X^T X + 0.01 I) is symmetric positive definite, so Cholesky (commons-math3) solves it. */
  static double[] ridge(double[] x, double[] y, int n, int d) {
    double[][] a = gram(x, n, d);
    for (int j = 0; j < d; j++) {
      a[j][j] += RIDGE;
    }
    return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
        .solve(new ArrayRealVector(xty(x, y, n, d), false)).toArray();
  }

  /** X^T X. */
  static double[][] gram(double[] x, int n, int d) {
    double[][] a = new double[d][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double xij = x[i * d + j];
        for (int k = 0; k <= j; k++) {
          a[j][k] += xij * x[i * d + k];
        }
      }
    }
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < j; k++) {
        a[k][j] = a[j][k];
      }
    }
    return a;
  }

  static double[] sorted(double[] y) {
    double[] s = y.clone();
    Arrays.sort(s);
    return s;
  }

  /** Mean (d) and covariance (d x d, row-major; ddof = 1, plus 1e-6 on the diagonal). */
  static MeanCovariance meanAndCovariance(double[] x, int n, int d) {
    double[] mean = Standardization.columnMeans(x, n, d);
    double[] cov = new double[d * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double a = x[i * d + j] - mean[j];
        for (int k = 0; k < d; k++) {
          cov[j * d + k] += a * (x[i * d + k] - mean[k]);
        }
      }
    }
    for (int j = 0; j < d * d; j++) {
      cov[j] /= n - 1;
    }
    for (int j = 0; j < d; j++) {
      cov[j * d + j] += 1e-6;
    }
    return new MeanCovariance(mean, cov);
  }
}
