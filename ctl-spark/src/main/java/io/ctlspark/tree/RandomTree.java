package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;
import java.util.SplittableRandom;

/**
 * The reference's random tree: shuffle the tasks, attach the i-th to a uniformly random earlier
 * one, then re-root the undirected tree at the chosen root.
 */
public final class RandomTree implements TreeBuilder {
  private final long seed;

  public RandomTree(long seed) {
    this.seed = seed;
  }

  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = distance.taskCount();
    SplittableRandom rng = new SplittableRandom(seed);
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] u = new int[n - 1];
    int[] v = new int[n - 1];
    for (int i = 1; i < n; i++) {
      u[i - 1] = perm[i];
      v[i - 1] = perm[rng.nextInt(i)];
    }
    return CascadeTree.rootUndirected(n, u, v, root, distance);
  }
}
