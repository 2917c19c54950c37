package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Minimum spanning tree by Prim's algorithm on the complete graph of task distances, grown from
 * the root, so the tree comes out rooted there (the same tree as Prim from any start re-rooted by
 * breadth-first search, when edge weights are distinct). Dense Prim: O(T^2) distance evaluations,
 * O(T) memory: distances are computed on demand and no T x T matrix is held. The key updates of
 * each round run in parallel; ties go to the lower task index, so the result does not depend on
 * the number of threads.
 */
public final class PrimMst implements TreeBuilder {
  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = distance.taskCount();
    double[] key = new double[n];
    int[] parent = new int[n];
    boolean[] inTree = new boolean[n];
    Arrays.fill(key, Double.POSITIVE_INFINITY);
    Arrays.fill(parent, -1);
    key[root] = 0.0;
    int next = root;
    for (int added = 0; added < n; added++) {
      int a = next;
      inTree[a] = true;
      IntStream.range(0, n).parallel().forEach(b -> {
        if (!inTree[b]) {
          double w = distance.between(a, b);
          if (Double.isNaN(w)) {
            throw new IllegalStateException("distance between tasks " + a + " and " + b
                + " is NaN");
          }
          if (w < key[b]) {
            key[b] = w;
            parent[b] = a;
          }
        }
      });
      next = -1;
      for (int b = 0; b < n; b++) {
        if (!inTree[b] && (next < 0 || key[b] < key[next])) {
          next = b;
        }
      }
    }
    double[] dist = new double[n];
    for (int v = 0; v < n; v++) {
      dist[v] = v == root ? Double.NaN : key[v];
    }
    return CascadeTree.fromParents(parent, dist);
  }
}
