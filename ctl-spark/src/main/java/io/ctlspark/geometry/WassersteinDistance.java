package io.ctlspark.geometry;

import java.util.Arrays;

/**
 * 1-D Wasserstein-1 distance between empirical distributions: the integral of |F_u - F_v| over the
 * merged sample points, computed as scipy.stats.wasserstein_distance does.
 */
final class WassersteinDistance implements TaskDistance {
  private final double[][] sorted;

  /** @param alreadySorted whether each task's samples are sorted ascending */
  WassersteinDistance(double[][] samples, boolean alreadySorted) {
    this.sorted = alreadySorted ? samples : Arrays.stream(samples).map(TaskSummaries::sorted)
        .toArray(double[][]::new);
  }

  @Override
  public int taskCount() {
    return sorted.length;
  }

  @Override
  public double between(int i, int j) {
    double[] u = sorted[i];
    double[] v = sorted[j];
    double[] all = new double[u.length + v.length];
    System.arraycopy(u, 0, all, 0, u.length);
    System.arraycopy(v, 0, all, u.length, v.length);
    Arrays.sort(all);
    double sum = 0.0;
    int iu = 0;
    int iv = 0;
    for (int k = 0; k < all.length - 1; k++) {
      // number of samples <= all[k] (searchsorted 'right')
      while (iu < u.length && u[iu] <= all[k]) {
        iu++;
      }
      while (iv < v.length && v[iv] <= all[k]) {
        iv++;
      }
      sum += Math.abs((double) iu / u.length - (double) iv / v.length) * (all[k + 1] - all[k]);
    }
    return sum;
  }
}
