package io.ctlspark.geometry;

import java.io.Serializable;

/**
 * A task's feature mean (d) and covariance (d x d, row-major; ddof = 1, plus 1e-6 on the
 * diagonal): the summary of the mean-cov-feature distance.
 */
public final class MeanCovariance implements Serializable {
  private static final long serialVersionUID = 1L;
  final double[] mean;
  final double[] covariance;

  MeanCovariance(double[] mean, double[] covariance) {
    this.mean = mean;
    this.covariance = covariance;
  }
}
