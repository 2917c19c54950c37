package io.ctlspark.geometry;

import java.io.Serializable;

/** A task's standardised training features, n x d row-major: the summary of feature distances. */
public final class FeatureRows implements Serializable {
  private static final long serialVersionUID = 1L;
  final double[] x;
  final int n;
  final int d;

  FeatureRows(double[] x, int n, int d) {
    this.x = x;
    this.n = n;
    this.d = d;
  }
}
