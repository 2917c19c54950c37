package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;
import java.util.Arrays;

/** The root is the parent of every other task. */
public final class StarTree implements TreeBuilder {
  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = distance.taskCount();
    int[] parent = new int[n];
    double[] dist = new double[n];
    Arrays.fill(parent, root);
    parent[root] = -1;
    for (int v = 0; v < n; v++) {
      dist[v] = v == root ? Double.NaN : distance.between(root, v);
    }
    return CascadeTree.fromParents(parent, dist);
  }
}
