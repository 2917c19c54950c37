package io.ctlspark.data;

/**
 * Per-task standardisation as the method specifies: training mean and population standard
 * deviation (ddof = 0) plus 1e-8, per column; except that a feature constant over a task's
 * training rows gets scale 1 ({@link #featureStds}).
 */
public final class Standardization {
  public static final double STD_EPS = 1e-8;
  private static final double CONSTANT_RELATIVE = 1e-9;

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

  /**
   * Feature scales: {@link #columnStds}, except that a column constant over the training rows
   * (a standard deviation of zero, or below 1e-9 of its mean's magnitude: rounding) gets 1. With
   * 1e-8 it would be multiplied by 1e8 at test and predict time: a meter whose lags were all
   * zero in the training window would predict from 1e8 times its first non-zero load. With 1 the
   * column contributes its deviation from the training value, unamplified; in training it is 0
   * either way, so training is unchanged.
   */
  public static double[] featureStds(double[] x, int n, int d, double[] mean) {
    double[] std = columnStds(x, n, d, mean);
    for (int j = 0; j < d; j++) {
      if (std[j] - STD_EPS <= CONSTANT_RELATIVE * Math.abs(mean[j])) {
        std[j] = 1.0;
      }
    }
    return std;
  }

  /** How many of a task's features were constant in training (scale 1: featureStds). */
  public static int constantColumns(double[] std) {
    int n = 0;
    for (double s : std) {
      n += s == 1.0 ? 1 : 0;
    }
    return n;
  }

  /** (x - mean) / std per column, over the first n rows of x itself. */
  public static void applyInPlace(double[] x, int n, int d, double[] mean, double[] std) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
      }
    }
  }
}
