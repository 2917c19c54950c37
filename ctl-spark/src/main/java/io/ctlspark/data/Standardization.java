package io.ctlspark.data;

/**
 * Per-task standardisation as the method specifies: training mean and population standard
 * deviation (ddof = 0) plus 1e-8, per column.
 */
public final class Standardization {
  public static final double STD_EPS = 1e-8;

  private Standardization() {}

  /** Column means of an n x d row-major matrix. */
  public static double[] columnMeans(double[] x, int n, int d) {
    double[] mean = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    return mean;
  }

  /** Population standard deviation per column, plus 1e-8. */
  public static double[] columnStds(double[] x, int n, int d, double[] mean) {
    double[] var = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double t = x[i * d + j] - mean[j];
        var[j] += t * t;
      }
    }
    double[] std = new double[d];
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(var[j] / n) + STD_EPS;
    }
    return std;
  }

  /** (x - mean) / std per column, into a new array. */
  public static double[] apply(double[] x, int n, int d, double[] mean, double[] std) {
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
      }
    }
    return out;
  }
}
