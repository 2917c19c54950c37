package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Spanning trees by Prim's algorithm on the complete graph of task distances, grown from the root
 * so the tree comes out rooted there. Dense Prim: O(T^2) distance evaluations and O(T) memory
 * (distances computed on demand, no T x T matrix); the key updates of each round run in parallel
 * and ties go to the lower task index, so the result does not depend on the number of threads.
 *
 * <p>Three trees share this skeleton:
 * <ul>
 *   <li>{@link #PrimMst()}: the minimum spanning tree (the same tree as Prim from any start
 *       re-rooted by breadth-first search, when edge weights are distinct).
 *   <li>{@link #depthBounded}: the greedy depth-bounded variant of the paper's v2: a task may only
 *       be attached to a tree node of depth below D, so no task is deeper than D.
 *   <li>{@link #budgetAware}: attaching v under u costs d(u, v) + lambda * dbar * (depth(u) + 1)
 *       / b, where b is the per-task step budget and dbar the mean distance from the root. Errors
 *       passed down a path are contracted by each refinement, less so the fewer steps a task gets:
 *       the penalty grows with the depth a task would sit at and as the budget per task shrinks.
 *       Many steps per task give (nearly) the MST; very few give a star.
 * </ul>
 * The distance recorded for each edge is always the plain task distance.
 */
public final class PrimMst implements TreeBuilder {
  private final int maxDepth;
  private final double depthPenalty;
  private final double stepsPerTask;

  /** The minimum spanning tree. */
  public PrimMst() {
    this(Integer.MAX_VALUE, 0.0, 1.0);
  }

  private PrimMst(int maxDepth, double depthPenalty, double stepsPerTask) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maximum depth must be at least 1, got " + maxDepth);
    }
    if (!(depthPenalty >= 0) || !(stepsPerTask > 0)) {
      throw new IllegalArgumentException("depth penalty must be >= 0 and steps per task > 0");
    }
    this.maxDepth = maxDepth;
    this.depthPenalty = depthPenalty;
    this.stepsPerTask = stepsPerTask;
  }

  /** No task deeper than {@code maxDepth} (at least 1). */
  public static PrimMst depthBounded(int maxDepth) {
    return new PrimMst(maxDepth, 0.0, 1.0);
  }

  /** Depth penalty lambda, scaled by the mean root distance and divided by the steps per task. */
  public static PrimMst budgetAware(double lambda, double stepsPerTask) {
    return new PrimMst(Integer.MAX_VALUE, lambda, stepsPerTask);
  }

  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = distance.taskCount();
    double perLevel = 0.0;
    if (depthPenalty > 0 && n > 1) {
      double sum = 0.0;
      for (int v = 0; v < n; v++) {
        sum += distance.between(root, v);
      }
      perLevel = depthPenalty * (sum / (n - 1)) / stepsPerTask;
    }
    double[] key = new double[n];
    double[] edge = new double[n];
    int[] parent = new int[n];
    int[] depth = new int[n];
    boolean[] inTree = new boolean[n];
    Arrays.fill(key, Double.POSITIVE_INFINITY);
    Arrays.fill(parent, -1);
    key[root] = 0.0;
    int next = root;
    double penalty = perLevel;
    for (int added = 0; added < n; added++) {
      int a = next;
      inTree[a] = true;
      if (depth[a] < maxDepth) {
        double extra = penalty * (depth[a] + 1);
        IntStream.range(0, n).parallel().forEach(b -> {
          if (!inTree[b]) {
            double w = distance.between(a, b);
            if (Double.isNaN(w)) {
              throw new IllegalStateException("distance between tasks " + a + " and " + b
                  + " is NaN");
            }
            if (w + extra < key[b]) {
              key[b] = w + extra;
              edge[b] = w;
              parent[b] = a;
              depth[b] = depth[a] + 1;
            }
          }
        });
      }
      next = -1;
      for (int b = 0; b < n; b++) {
        if (!inTree[b] && (next < 0 || key[b] < key[next])) {
          next = b;
        }
      }
    }
    edge[root] = Double.NaN;
    return CascadeTree.fromParents(parent, edge);
  }
}
