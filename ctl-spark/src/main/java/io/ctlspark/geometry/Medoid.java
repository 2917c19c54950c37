package io.ctlspark.geometry;

import java.util.stream.IntStream;

/**
 * The medoid root: the task whose vector (its mean raw training features) has the smallest sum of
 * Euclidean distances to all other tasks' vectors; ties go to the lower index. O(T^2 k), parallel
 * over tasks.
 */
public final class Medoid {
  private Medoid() {}

  public static int of(double[][] vectors) {
    EmbeddingDistance dist = new EmbeddingDistance(vectors);
    int n = vectors.length;
    double[] sums = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      double s = 0.0;
      for (int j = 0; j < n; j++) {
        s += dist.between(i, j);
      }
      sums[i] = s;
    });
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (sums[i] < sums[best]) {
        best = i;
      }
    }
    return best;
  }
}
