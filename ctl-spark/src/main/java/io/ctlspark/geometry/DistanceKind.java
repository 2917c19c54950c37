package io.ctlspark.geometry;

import io.ctlspark.config.ConfigName;
import io.ctlspark.data.TaskRecord;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;

/**
 * Task distances that are Euclidean distances between per-task embeddings computed from the
 * task's standardised training data, so each needs one pass over a task and O(d) memory per task.
 */
public enum DistanceKind implements ConfigName {
  /** g_v = X_v^T y_v scaled to unit L2 norm (+1e-8). */
  GRADIENT,
  /** Ridge solution theta_v = (X_v^T X_v + 0.01 I)^-1 X_v^T y_v. */
  MODEL;

  public static final double RIDGE = 0.01;

  public double[] embed(TaskRecord t) {
    return switch (this) {
      case GRADIENT -> unitGradient(t.xTrain(), t.yTrain(), t.trainRows(), t.featureCount());
      case MODEL -> ridge(t.xTrain(), t.yTrain(), t.trainRows(), t.featureCount());
    };
  }

  static double[] xty(double[] x, double[] y, int n, int d) {
    double[] g = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        g[j] += x[i * d + j] * y[i];
      }
    }
    return g;
  }

  public static double[] unitGradient(double[] x, double[] y, int n, int d) {
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
  public static double[] ridge(double[] x, double[] y, int n, int d) {
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
      a[j][j] += RIDGE;
    }
    return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
        .solve(new ArrayRealVector(xty(x, y, n, d), false)).toArray();
  }

  public static DistanceKind fromConfig(String key, String name) {
    return ConfigName.parse(DistanceKind.class, key, name);
  }
}
