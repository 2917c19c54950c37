package io.ctlspark.tree;

import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.geometry.TaskDistance;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * An approximate minimum spanning tree for many tasks, from their embedding vectors, with no
 * T x T allocation: (1) a k-nearest-neighbour graph from random-projection partition trees
 * (each task compared with its leaf-mates in {@value #TREES} trees, then with its neighbours'
 * neighbours: O(T log T d) time, O(T k) memory); (2) Kruskal's minimum spanning forest on
 * that graph; (3) the forest's components joined by a minimum spanning tree over one
 * representative per component (its lowest task index), computed exactly; (4) rooted at the root
 * by breadth-first search. Hand-written because neither MLlib (LSH gives candidate pairs, not a
 * kNN graph at this cost) nor JGraphT (needs the graph materialised) does steps 1 and 3; every
 * step is deterministic for a given seed, whatever the number of threads.
 */
public final class ApproximateMst implements TreeBuilder {
  /** Neighbours per task in the kNN graph (10 gave trees within 1% of the exact MST's weight). */
  public static final int NEIGHBOURS = 10;
  /** Partition trees whose leaves give each task its candidate neighbours. */
  static final int TREES = 4;
  /** Most tasks in a leaf of a partition tree. */
  static final int LEAF = 128;
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
    int[] order = byWeight(weight, edges, m);
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

  /**
   * The edge indices 0..m-1 ordered by weight, then by edge (both ends' indices), stably. Hand-
   * written: the JDK sorts an int[] only by value, and sorting boxed Integers with a comparator
   * costs 20 bytes an edge (10 T edges: 200 MB at 1,000,000 tasks). A bottom-up merge sort, with
   * one int[m] buffer; stable like Arrays.sort on objects, so the order, and the tree, are the
   * same.
   */
  static int[] byWeight(double[] weight, long[] edge, int m) {
    int[] a = new int[m];
    for (int i = 0; i < m; i++) {
      a[i] = i;
    }
    int[] b = new int[m];
    for (int width = 1; width < m; width *= 2) {
      for (int lo = 0; lo < m; lo += 2 * width) {
        int mid = Math.min(lo + width, m);
        int hi = Math.min(lo + 2 * width, m);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // The right run's edge goes first only when strictly smaller: equal edges keep order.
          int c = Double.compare(weight[a[j]], weight[a[i]]);
          boolean right = c < 0 || c == 0 && edge[a[j]] < edge[a[i]];
          b[k++] = right ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  private static int find(int[] set, int v) {
    while (set[v] != v) {
      set[v] = set[set[v]];
      v = set[v];
    }
    return v;
  }

  /**
   * (1) The k nearest neighbours of every task (-1 where a task has fewer candidates): each of
   * {@value #TREES} partition trees cuts the tasks in two, recursively, at the mean of their
   * projections on the line through two tasks drawn at random, down to leaves of at most
   * {@value #LEAF} tasks; a task's candidates are its leaf-mates in every tree; then one round
   * of neighbours' neighbours. O(T log T d) time.
   */
  int[][] nearestNeighbours(EmbeddingDistance euclid) {
    int n = vectors.length;
    int k = Math.min(neighbours, n - 1);
    int[][] best = new int[n][k];
    double[][] bestD = new double[n][k];
    for (int v = 0; v < n; v++) {
      Arrays.fill(best[v], -1);
      Arrays.fill(bestD[v], Double.POSITIVE_INFINITY);
    }
    for (int t = 0; t < TREES; t++) {
      List<int[]> leaves = new ArrayList<>();
      split(IntStream.range(0, n).toArray(), new SplittableRandom(seed + 7919L * t), leaves);
      // A tree's leaves are disjoint: each task's list is updated by one leaf only.
      leaves.parallelStream().forEach(leaf -> {
        for (int a = 0; a < leaf.length; a++) {
          for (int b = a + 1; b < leaf.length; b++) {
            double dab = euclid.between(leaf[a], leaf[b]);
            offerNew(best[leaf[a]], bestD[leaf[a]], leaf[b], dab);
            offerNew(best[leaf[b]], bestD[leaf[b]], leaf[a], dab);
          }
        }
      });
    }
    // Neighbours' neighbours, read from the lists as they stand (so the order of work does not
    // matter), written to new lists.
    int[][] refined = new int[n][];
    IntStream.range(0, n).parallel().forEach(v -> {
      int[] b = best[v].clone();
      double[] bd = bestD[v].clone();
      for (int u : best[v]) {
        if (u < 0) {
          continue;
        }
        for (int w : best[u]) {
          if (w >= 0 && w != v) {
            offerNew(b, bd, w, euclid.between(v, w));
          }
        }
      }
      refined[v] = b;
    });
    return refined;
  }

  /** Cuts {@code tasks} in two until each part has at most LEAF tasks; adds the parts. */
  private void split(int[] tasks, SplittableRandom rng, List<int[]> leaves) {
    ArrayDeque<int[]> todo = new ArrayDeque<>();
    todo.push(tasks);
    while (!todo.isEmpty()) {
      int[] part = todo.pop();
      if (part.length <= LEAF) {
        leaves.add(part);
        continue;
      }
      double[] a = vectors[part[rng.nextInt(part.length)]];
      double[] b = vectors[part[rng.nextInt(part.length)]];
      double[] proj = new double[part.length];
      double mean = 0.0;
      for (int i = 0; i < part.length; i++) {
        double[] x = vectors[part[i]];
        double s = 0.0;
        for (int j = 0; j < x.length; j++) {
          s += (b[j] - a[j]) * x[j];
        }
        proj[i] = s;
        mean += s;
      }
      mean /= part.length;
      int low = 0;
      for (double p : proj) {
        if (p < mean) {
          low++;
        }
      }
      if (low == 0 || low == part.length) {
        // All projections equal (the same pivot twice, or identical tasks): halve by position.
        todo.push(Arrays.copyOfRange(part, part.length / 2, part.length));
        todo.push(Arrays.copyOfRange(part, 0, part.length / 2));
        continue;
      }
      int[] left = new int[low];
      int[] right = new int[part.length - low];
      int l = 0;
      int r = 0;
      for (int i = 0; i < part.length; i++) {
        if (proj[i] < mean) {
          left[l++] = part[i];
        } else {
          right[r++] = part[i];
        }
      }
      todo.push(right);
      todo.push(left);
    }
  }

  /** {@link #offer}, unless u is in the list already. */
  private static void offerNew(int[] best, double[] bestD, int u, double du) {
    for (int w : best) {
      if (w == u) {
        return;
      }
    }
    offer(best, bestD, u, du);
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
