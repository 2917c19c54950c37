package io.ctlspark.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.geometry.TaskDistance;
import java.util.List;
import java.util.SplittableRandom;
import org.jgrapht.alg.spanning.KruskalMinimumSpanningTree;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;

/** The contract every tree builder keeps, plus MST optimality against JGraphT. */
class TreeBuildersTest {

  static EmbeddingDistance randomDistance(int n, int k, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] rows = new double[n][k];
    for (double[] r : rows) {
      for (int j = 0; j < k; j++) {
        r[j] = rng.nextGaussian();
      }
    }
    return new EmbeddingDistance(rows);
  }

  /** T - 1 edges, rooted at root, acyclic and connected, every task after its parent. */
  static void assertSpanningTreeRootedAt(CascadeTree t, int n, int root) {
    assertEquals(n, t.taskCount());
    assertEquals(-1, t.parent(root));
    int roots = 0;
    for (int v = 0; v < n; v++) {
      if (t.parent(v) == -1) {
        roots++;
      }
    }
    assertEquals(1, roots, "exactly one root, so T - 1 edges");
    int[] order = t.trainingOrder();
    assertEquals(root, order[0]);
    boolean[] seen = new boolean[n];
    for (int v : order) {
      int p = t.parent(v);
      assertTrue(p == -1 || seen[p], "task " + v + " comes before its parent " + p);
      assertTrue(p == -1 || t.depth(v) == t.depth(p) + 1);
      seen[v] = true;
    }
    for (boolean s : seen) {
      assertTrue(s, "every task is reached from the root");
    }
  }

  @Test
  void everyBuilderReturnsASpanningTreeRootedAtTheRoot() {
    for (int n : new int[] {1, 2, 3, 17, 200}) {
      TaskDistance dist = randomDistance(n, 3, n);
      int root = n / 2;
      for (TreeBuilder b : List.of(new StarTree(), new RandomTree(5), new PrimMst(),
          PrimMst.depthBounded(2), PrimMst.budgetAware(1.0, 3))) {
        CascadeTree t = b.build(dist, root);
        assertSpanningTreeRootedAt(t, n, root);
        for (int v = 0; v < n; v++) {
          if (v != root) {
            assertEquals(dist.between(t.parent(v), v), t.distanceToParent(v), 0);
          }
        }
      }
    }
  }

  @Test
  void starHasDepthOne() {
    CascadeTree t = new StarTree().build(randomDistance(10, 2, 1), 4);
    assertEquals(1, t.maxDepth());
  }

  @Test
  void randomTreeDependsOnlyOnItsSeed() {
    TaskDistance d = randomDistance(50, 2, 1);
    assertEquals(java.util.Arrays.toString(new RandomTree(9).build(d, 0).parents()),
        java.util.Arrays.toString(new RandomTree(9).build(d, 0).parents()));
  }

  @Test
  void mstWeightEqualsJgraphtKruskal() {
    for (long seed = 1; seed <= 25; seed++) {
      int n = 2 + (int) (seed * 7 % 90);
      EmbeddingDistance d = randomDistance(n, 4, seed);
      SimpleWeightedGraph<Integer, DefaultWeightedEdge> g =
          new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
      for (int i = 0; i < n; i++) {
        g.addVertex(i);
      }
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          g.setEdgeWeight(g.addEdge(i, j), d.between(i, j));
        }
      }
      double expected = new KruskalMinimumSpanningTree<>(g).getSpanningTree().getWeight();
      double weight = new PrimMst().build(d, (int) (seed % n)).totalDistance();
      assertEquals(expected, weight, 1e-9 * expected, "seed " + seed);
    }
  }

  @Test
  void depthBoundedTreesRespectTheBound() {
    for (long seed = 1; seed <= 10; seed++) {
      EmbeddingDistance d = randomDistance(150, 3, seed);
      CascadeTree mst = new PrimMst().build(d, 0);
      for (int bound : new int[] {1, 2, 3, 6}) {
        CascadeTree t = PrimMst.depthBounded(bound).build(d, 0);
        assertSpanningTreeRootedAt(t, 150, 0);
        assertTrue(t.maxDepth() <= bound, "depth " + t.maxDepth() + " > " + bound);
      }
      assertEquals(1, PrimMst.depthBounded(1).build(d, 0).maxDepth(), "D = 1 is the star");
      assertArrayEquals(mst.parents(), PrimMst.depthBounded(150).build(d, 0).parents(),
          "an unreachable bound gives the MST");
    }
  }

  @Test
  void budgetAwareTreeGoesFromMstToStarAsTheDepthPenaltyGrows() {
    for (long seed = 1; seed <= 10; seed++) {
      EmbeddingDistance d = randomDistance(120, 3, seed);
      CascadeTree mst = new PrimMst().build(d, 3);
      assertArrayEquals(mst.parents(), PrimMst.budgetAware(0.0, 5).build(d, 3).parents());
      assertEquals(1, PrimMst.budgetAware(1e9, 1).build(d, 3).maxDepth());
      CascadeTree few = PrimMst.budgetAware(1.0, 1).build(d, 3);
      CascadeTree many = PrimMst.budgetAware(1.0, 1e6).build(d, 3);
      assertSpanningTreeRootedAt(few, 120, 3);
      assertTrue(few.maxDepth() < mst.maxDepth(), "one step per task: a shallower tree");
      assertArrayEquals(mst.parents(), many.parents(), "many steps per task: the MST");
    }
  }

  @Test
  void clusterTreesStayInsideClustersUnderTheGlobalRoot() {
    SplittableRandom rng = new SplittableRandom(4);
    for (boolean mst : new boolean[] {false, true}) {
      int n = 90;
      EmbeddingDistance d = randomDistance(n, 3, 17);
      int[] clusterOf = new int[n];
      double[][] means = new double[n][2];
      for (int v = 0; v < n; v++) {
        clusterOf[v] = rng.nextInt(4);
        means[v][0] = rng.nextGaussian();
        means[v][1] = rng.nextGaussian();
      }
      int root = 11;
      CascadeTree t = new ClusterTree(clusterOf, means, mst).build(d, root);
      assertSpanningTreeRootedAt(t, n, root);
      for (int v = 0; v < n; v++) {
        int p = t.parent(v);
        if (p >= 0 && clusterOf[p] != clusterOf[v]) {
          assertEquals(root, p, "only cluster roots hang from another cluster: the root");
          assertEquals(1, t.depth(v));
        }
      }
      if (!mst) {
        assertTrue(t.maxDepth() <= 2, "cluster-star: root -> cluster roots -> members");
      }
    }
  }

  /** Tasks around a few well-separated centres, as real task embeddings tend to be. */
  private static double[][] clustered(int n, int clusters, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] centre = new double[clusters][8];
    for (double[] c : centre) {
      for (int j = 0; j < 8; j++) {
        c[j] = 10 * rng.nextGaussian();
      }
    }
    double[][] rows = new double[n][8];
    for (double[] r : rows) {
      double[] c = centre[rng.nextInt(clusters)];
      for (int j = 0; j < 8; j++) {
        r[j] = c[j] + rng.nextGaussian();
      }
    }
    return rows;
  }

  @Test
  void approximateMstIsASpanningTreeWithinFivePercentOfTheExactWeight() {
    double[][] rows = clustered(3000, 6, 8);
    EmbeddingDistance d = new EmbeddingDistance(rows);
    CascadeTree approx = new ApproximateMst(rows, ApproximateMst.NEIGHBOURS, 1).build(d, 5);
    assertSpanningTreeRootedAt(approx, 3000, 5);
    double ratio = approx.totalDistance() / new PrimMst().build(d, 5).totalDistance();
    assertTrue(ratio >= 1 - 1e-12 && ratio < 1.05, "approximate / exact weight " + ratio);
    assertArrayEquals(approx.parents(),
        new ApproximateMst(rows, ApproximateMst.NEIGHBOURS, 1).build(d, 5).parents());
  }

  @Test
  void approximateMstJoinsTheComponentsOfASparseGraph() {
    double[][] rows = clustered(500, 25, 9);
    CascadeTree t = new ApproximateMst(rows, 1, 3).build(new EmbeddingDistance(rows), 0);
    assertSpanningTreeRootedAt(t, 500, 0);
  }

  @Test
  void cyclesAreRefused() {
    double[] nan = {Double.NaN, Double.NaN, Double.NaN};
    assertThrows(IllegalArgumentException.class,
        () -> CascadeTree.fromParents(new int[] {-1, 2, 1}, nan));
  }

  /**
   * The approximate MST's edge order (a hand-written merge sort of primitive indices) is the
   * order Arrays.sort gives boxed indices with the same comparator (weight, then edge), ties and
   * duplicate edges included, at sizes around the merge's run boundaries.
   */
  @Test
  void approximateMstEdgeOrderIsArraysSortsOrder() {
    SplittableRandom r = new SplittableRandom(3);
    for (int m : new int[] {0, 1, 2, 3, 7, 8, 9, 64, 65, 1000, 4097}) {
      double[] w = new double[m];
      long[] e = new long[m];
      for (int i = 0; i < m; i++) {
        // Few distinct weights and edges: many ties on weight, some on both.
        w[i] = r.nextInt(5) * 0.5;
        e[i] = ((long) r.nextInt(4) << 32) | r.nextInt(6);
      }
      Integer[] boxed = new Integer[m];
      for (int i = 0; i < m; i++) {
        boxed[i] = i;
      }
      java.util.Arrays.sort(boxed, java.util.Comparator.<Integer>comparingDouble(i -> w[i])
          .thenComparingLong(i -> e[i]));
      int[] expected = java.util.Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
      assertArrayEquals(expected, ApproximateMst.byWeight(w, e, m), "m = " + m);
    }
  }
}
