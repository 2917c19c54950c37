package io.ctlspark.geometry;

import java.util.stream.IntStream;

/**
 * The medoid root: the task whose vector (its mean raw training features) has the smallest sum of
 * Euclidean distances to all other tasks' vectors; ties go to the lower index. O(T^2 k), parallel
 * over tasks.
 */
public final class Medoid {
  private Medoid() {}

  /** Sample size of {@link #sampled} in runs above ctl.tree.approximate-above. */
  public static final int SAMPLE = 2000;

  /**
   * The task with the smallest sum of distances to a sample of {@code sampleSize} evenly spaced
   * tasks: O(T s k) instead of O(T^2 k), for very many tasks (ctl.tree.approximate-above).
   */
  public static int sampled(double[][] vectors, int sampleSize) {
    int n = vectors.length;
    int s = Math.min(n, sampleSize);
    int[] sample = IntStream.range(0, s).map(i -> (int) ((long) i * n / s)).toArray();
    EmbeddingDistance dist = new EmbeddingDistance(vectors);
    double[] sums = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      double sum = 0.0;
      for (int j : sample) {
        sum += dist.between(i, j);
      }
      sums[i] = sum;
    });
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (sums[i] < sums[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The exact medoid: the "sample" is every task. */
  public static int of(double[][] vectors) {
    return sampled(vectors, vectors.length);
  }
}
