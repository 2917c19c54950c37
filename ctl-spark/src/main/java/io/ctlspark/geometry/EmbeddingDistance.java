package io.ctlspark.geometry;

/** Euclidean distance between per-task vectors (rows of a T x k embedding). */
public final class EmbeddingDistance implements TaskDistance {
  private final double[][] rows;

  public EmbeddingDistance(double[][] rows) {
    this.rows = rows;
  }

  @Override
  public int taskCount() {
    return rows.length;
  }

  @Override
  public double between(int i, int j) {
    double[] a = rows[i];
    double[] b = rows[j];
    double s = 0.0;
    for (int k = 0; k < a.length; k++) {
      double t = a[k] - b[k];
      s += t * t;
    }
    return Math.sqrt(s);
  }
}
