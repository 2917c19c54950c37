package io.ctlspark.tree;

import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.geometry.TaskDistance;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An approximate minimum spanning tree for many tasks, from their embedding vectors, with no
 * T x T allocation: (1) a k-nearest-neighbour graph, each task searching the tasks of the
 * {@value #PROBES} nearest cells of a coarse k-means partition into about sqrt(T) cells (an
 * inverted-file index: O(T^1.5 d) time, O(T k) memory); (2) Kruskal's minimum spanning forest on
 * that graph; (3) the forest's components joined by a minimum spanning tree over one
 * representative per component (its lowest task index), computed exactly; (4) rooted at the root
 * by breadth-first search. Hand-written because neither MLlib (LSH gives candidate pairs, not a
 * kNN graph at this cost) nor JGraphT (needs the graph materialised) does steps 1 and 3; every
 * step is deterministic for a given seed, whatever the number of threads.
 */
public final class ApproximateMst implements TreeBuilder {
  /** Neighbours per task in the kNN graph (10 gave trees within 1% of the exact MST's weight). */
  public static final int NEIGHBOURS = 10;
  static final int PROBES = 3;
  static final int LLOYD_ITERATIONS = 4;
  private final double[][] vectors;
  private final int neighbours;
  private final long seed;

  public ApproximateMst(double[][] vectors, int neighbours, long seed) {
    if (neighbours < 1) {
      throw new IllegalArgumentException("neighbours must be >= 1");
    }
    this.vectors = vectors;
    this.neighbours = neighbours;
    this.seed = seed;
  }

  @Override
  public CascadeTree build(TaskDistance distance, int root) {
    int n = vectors.length;
    if (n == 1) {
      return CascadeTree.fromParents(new int[] {-1}, new double[] {Double.NaN});
    }
    EmbeddingDistance euclid = new EmbeddingDistance(vectors);
    int[][] knn = nearestNeighbours(euclid);
    // (2) Kruskal on the kNN edges, ties broken by task indices.
    int k = knn[0].length;
    long[] edges = new long[n * k];
    double[] weight = new double[n * k];
    int m = 0;
    for (int v = 0; v < n; v++) {
      for (int u : knn[v]) {
        if (u >= 0) {
          edges[m] = ((long) Math.min(u, v) << 32) | Math.max(u, v);
          weight[m++] = euclid.between(u, v);
        }
      }
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    double[] w = weight;
    long[] e = edges;
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> w[i]).thenComparingLong(i -> e[i]));
    int[] set = IntStream.range(0, n).toArray();
    int[] eu = new int[n - 1];
    int[] ev = new int[n - 1];
    int added = 0;
    for (int i : order) {
      int a = (int) (edges[i] >>> 32);
      int b = (int) edges[i];
      int ra = find(set, a);
      int rb = find(set, b);
      if (ra != rb) {
        set[Math.max(ra, rb)] = Math.min(ra, rb);
        eu[added] = a;
        ev[added++] = b;
      }
    }
    // (3) join the components through an exact MST over their representatives.
    if (added < n - 1) {
      int[] reps = IntStream.range(0, n).filter(v -> find(set, v) == v).toArray();
      double[][] repVectors = Arrays.stream(reps).mapToObj(r -> vectors[r])
          .toArray(double[][]::new);
      CascadeTree joins = new PrimMst().build(new EmbeddingDistance(repVectors), 0);
      for (int i = 1; i < reps.length; i++) {
        eu[added] = reps[i];
        ev[added++] = reps[joins.parent(i)];
      }
    }
    return CascadeTree.rootUndirected(n, eu, ev, root, distance);
  }

  private static int find(int[] set, int v) {
    while (set[v] != v) {
      set[v] = set[set[v]];
      v = set[v];
    }
    return v;
  }

  /** (1) The k nearest neighbours of every task (-1 where a task has fewer candidates). */
  int[][] nearestNeighbours(EmbeddingDistance euclid) {
    int n = vectors.length;
    int d = vectors[0].length;
    int cells = Math.max(1, (int) Math.round(Math.sqrt(n)));
    double[][] centre = new double[cells][];
    int[] start = new SplittableRandom(seed).ints(0, n).distinct().limit(cells).toArray();
    for (int c = 0; c < cells; c++) {
      centre[c] = vectors[start[c]].clone();
    }
    int[] cellOf = new int[n];
    for (int it = 0; it < LLOYD_ITERATIONS; it++) {
      IntStream.range(0, n).parallel().forEach(v -> cellOf[v] = nearest(centre, vectors[v], 1)[0]);
      double[][] sum = new double[cells][d];
      int[] count = new int[cells];
      for (int v = 0; v < n; v++) {
        count[cellOf[v]]++;
        for (int j = 0; j < d; j++) {
          sum[cellOf[v]][j] += vectors[v][j];
        }
      }
      for (int c = 0; c < cells; c++) {
        if (count[c] > 0) {
          for (int j = 0; j < d; j++) {
            centre[c][j] = sum[c][j] / count[c];
          }
        }
      }
    }
    int[][] members = new int[cells][];
    int[] fill = new int[cells];
    int[] count = new int[cells];
    for (int v = 0; v < n; v++) {
      count[cellOf[v]]++;
    }
    for (int c = 0; c < cells; c++) {
      members[c] = new int[count[c]];
    }
    for (int v = 0; v < n; v++) {
      members[cellOf[v]][fill[cellOf[v]]++] = v;
    }
    int k = Math.min(neighbours, n - 1);
    int[][] knn = new int[n][];
    IntStream.range(0, n).parallel().forEach(v -> {
      int[] best = new int[k];
      double[] bestD = new double[k];
      Arrays.fill(best, -1);
      Arrays.fill(bestD, Double.POSITIVE_INFINITY);
      for (int c : nearest(centre, vectors[v], Math.min(PROBES, cells))) {
        for (int u : members[c]) {
          if (u == v) {
            continue;
          }
          offer(best, bestD, u, euclid.between(u, v));
        }
      }
      knn[v] = best;
    });
    return knn;
  }

  /**
   * Indices of the {@code count} centres nearest to x (ties: lower index), nearest first. A
   * running top-count list, not a sort of all centres: it is called for every task in every
   * Lloyd iteration and again for the probes, over sqrt(T) centres.
   */
  private static int[] nearest(double[][] centre, double[] x, int count) {
    int[] best = new int[count];
    double[] bestD = new double[count];
    Arrays.fill(bestD, Double.POSITIVE_INFINITY);
    Arrays.fill(best, Integer.MAX_VALUE);
    for (int c = 0; c < centre.length; c++) {
      double s = 0.0;
      for (int j = 0; j < x.length; j++) {
        double t = centre[c][j] - x[j];
        s += t * t;
      }
      offer(best, bestD, c, s);
    }
    return best;
  }

  /** Inserts u at distance du into the sorted top-k (best, bestD); ties go to the lower index. */
  private static void offer(int[] best, double[] bestD, int u, double du) {
    int k = best.length;
    int pos = k;
    while (pos > 0 && (du < bestD[pos - 1] || du == bestD[pos - 1] && u < best[pos - 1])) {
      pos--;
    }
    if (pos < k) {
      System.arraycopy(bestD, pos, bestD, pos + 1, k - pos - 1);
      System.arraycopy(best, pos, best, pos + 1, k - pos - 1);
      bestD[pos] = du;
      best[pos] = u;
    }
  }
}
