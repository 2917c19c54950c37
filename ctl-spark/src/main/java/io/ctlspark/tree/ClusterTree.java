package io.ctlspark.tree;

import io.ctlspark.geometry.Medoid;
import io.ctlspark.geometry.TaskDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cluster trees (cluster-star, cluster-mst): tasks are grouped by a given cluster assignment; each
 * cluster gets a root by the medoid rule on the tasks' root vectors (the global root roots its own
 * cluster), a star or a minimum spanning tree inside the cluster under that root, and every other
 * cluster root is attached to the global root.
 */
public final class ClusterTree implements TreeBuilder {
  private final int[] clusterOf;
  private final double[][] rootVectors;
  private final boolean mstInside;

  /**
   * @param clusterOf cluster of every task (any non-negative labels)
   * @param rootVectors per-task vectors of the root rule (mean raw features)
   * @param mstInside an MST inside each cluster, else a star
   */
  public ClusterTree(int[] clusterOf, double[][] rootVectors, boolean mstInside) {
    if (clusterOf.length != rootVectors.length) {
      throw new IllegalArgumentException("one cluster label and one root vector per task");
    }
    this.clusterOf = clusterOf.clone();
    this.rootVectors = rootVectors;
    this.mstInside = mstInside;
  }

  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = distance.taskCount();
    int[] parent = new int[n];
    double[] dist = new double[n];
    Arrays.fill(parent, -1);
    dist[root] = Double.NaN;
    int labels = Arrays.stream(clusterOf).max().orElse(-1) + 1;
    for (int c = 0; c < labels; c++) {
      List<Integer> members = new ArrayList<>();
      for (int v = 0; v < n; v++) {
        if (clusterOf[v] == c) {
          members.add(v);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      int[] m = members.stream().mapToInt(Integer::intValue).toArray();
      int local = Arrays.binarySearch(m, root);
      if (local < 0) {
        double[][] vectors = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
          vectors[i] = rootVectors[m[i]];
        }
        local = Medoid.of(vectors);
        parent[m[local]] = root;
        dist[m[local]] = distance.between(root, m[local]);
      }
      CascadeTree inside = (mstInside ? new PrimMst() : new StarTree())
          .build(TaskDistance.of(m.length, (i, j) -> distance.between(m[i], m[j])), local);
      for (int i = 0; i < m.length; i++) {
        if (i != local) {
          parent[m[i]] = m[inside.parent(i)];
          dist[m[i]] = inside.distanceToParent(i);
        }
      }
    }
    return CascadeTree.fromParents(parent, dist);
  }
}
