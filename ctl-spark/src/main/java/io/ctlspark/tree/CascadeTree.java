package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rooted forest over tasks 0..T-1: parent[v] is v's parent, or -1 for a root. A cascade uses one
 * root; the Indiv baseline is the forest where every task is a root (all trained from scratch).
 * Training order is breadth-first (roots, then children by increasing task index), so every task
 * comes after its parent.
 */
public final class CascadeTree implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] parent;
  private final double[] distanceToParent;
  private final int[] depth;
  private final int[] order;

  private CascadeTree(int[] parent, double[] distanceToParent) {
    int n = parent.length;
    if (distanceToParent.length != n) {
      throw new IllegalArgumentException("parent and distance arrays differ in length");
    }
    this.parent = parent.clone();
    this.distanceToParent = distanceToParent.clone();
    int[][] children = childrenOf(this.parent);
    this.depth = new int[n];
    Arrays.fill(depth, -1);
    this.order = new int[n];
    int filled = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int v = 0; v < n; v++) {
      if (parent[v] == -1) {
        depth[v] = 0;
        queue.add(v);
      }
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      order[filled++] = v;
      for (int c : children[v]) {
        depth[c] = depth[v] + 1;
        queue.add(c);
      }
    }
    if (filled != n) {
      throw new IllegalArgumentException("parent array has a cycle: " + (n - filled)
          + " tasks are not reachable from a root");
    }
  }

  /** A tree or forest from parent pointers (-1 for roots); refuses cycles and bad indices. */
  public static CascadeTree fromParents(int[] parent, double[] distanceToParent) {
    for (int v = 0; v < parent.length; v++) {
      if (parent[v] < -1 || parent[v] >= parent.length || parent[v] == v) {
        throw new IllegalArgumentException("bad parent " + parent[v] + " for task " + v);
      }
    }
    return new CascadeTree(parent, distanceToParent);
  }

  /** Every task a root: the shape of the Indiv baseline. */
  public static CascadeTree independent(int taskCount) {
    int[] parent = new int[taskCount];
    Arrays.fill(parent, -1);
    double[] dist = new double[taskCount];
    Arrays.fill(dist, Double.NaN);
    return new CascadeTree(parent, dist);
  }

  /**
   * Roots an undirected spanning tree, given as edges (u[i], v[i]), at {@code root} by breadth-first
   * search; edge distances come from {@code distance}.
   */
  public static CascadeTree rootUndirected(int taskCount, int[] u, int[] v, int root,
      TaskDistance distance) {
    if (u.length != taskCount - 1 || v.length != taskCount - 1) {
      throw new IllegalArgumentException("a spanning tree over " + taskCount + " tasks has "
          + (taskCount - 1) + " edges, got " + u.length);
    }
    List<List<Integer>> adj = new ArrayList<>(taskCount);
    for (int i = 0; i < taskCount; i++) {
      adj.add(new ArrayList<>());
    }
    for (int i = 0; i < u.length; i++) {
      adj.get(u[i]).add(v[i]);
      adj.get(v[i]).add(u[i]);
    }
    int[] parent = new int[taskCount];
    Arrays.fill(parent, -2);
    double[] dist = new double[taskCount];
    parent[root] = -1;
    dist[root] = Double.NaN;
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      int a = queue.poll();
      adj.get(a).sort(null);
      for (int b : adj.get(a)) {
        if (parent[b] == -2) {
          parent[b] = a;
          dist[b] = distance.between(a, b);
          queue.add(b);
        }
      }
    }
    for (int i = 0; i < taskCount; i++) {
      if (parent[i] == -2) {
        throw new IllegalArgumentException("edges do not span task " + i);
      }
    }
    return new CascadeTree(parent, dist);
  }

  private static int[][] childrenOf(int[] parent) {
    int[] count = new int[parent.length];
    for (int p : parent) {
      if (p >= 0) {
        count[p]++;
      }
    }
    int[][] children = new int[parent.length][];
    for (int v = 0; v < parent.length; v++) {
      children[v] = new int[count[v]];
    }
    int[] fill = new int[parent.length];
    for (int v = 0; v < parent.length; v++) {
      int p = parent[v];
      if (p >= 0) {
        children[p][fill[p]++] = v;
      }
    }
    return children;
  }

  public int taskCount() {
    return parent.length;
  }

  /** The parent of v, or -1 when v is a root. */
  public int parent(int v) {
    return parent[v];
  }

  /** Distance from v's parent to v (NaN for a root or where no distance was used). */
  public double distanceToParent(int v) {
    return distanceToParent[v];
  }

  public int depth(int v) {
    return depth[v];
  }

  /** Sum of the distances of all edges (roots have none). */
  public double totalDistance() {
    double w = 0.0;
    for (int v = 0; v < parent.length; v++) {
      if (parent[v] >= 0) {
        w += distanceToParent[v];
      }
    }
    return w;
  }

  public int maxDepth() {
    return Arrays.stream(depth).max().orElse(0);
  }

  /** Tasks in training order: breadth-first, every task after its parent. */
  public int[] trainingOrder() {
    return order.clone();
  }

  public int[] parents() {
    return parent.clone();
  }

  public int[][] children() {
    return childrenOf(parent);
  }
}
