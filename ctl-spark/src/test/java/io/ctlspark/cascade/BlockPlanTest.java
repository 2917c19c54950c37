package io.ctlspark.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.PrimMst;
import io.ctlspark.tree.RandomTree;
import io.ctlspark.tree.StarTree;
import io.ctlspark.tree.TreeBuilder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockPlanTest {

  private static EmbeddingDistance distance(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] rows = new double[n][3];
    for (double[] r : rows) {
      for (int j = 0; j < 3; j++) {
        r[j] = rng.nextGaussian();
      }
    }
    return new EmbeddingDistance(rows);
  }

  @Test
  void everyTaskIsTrainedAfterItsParent() {
    for (TreeBuilder b : List.of(new StarTree(), new RandomTree(3), new PrimMst())) {
      for (int n : new int[] {1, 2, 50, 301}) {
        CascadeTree tree = b.build(distance(n, n), 0);
        for (int size : new int[] {1, 2, 7, 40, 1000}) {
          BlockPlan plan = BlockPlan.of(tree, size, 3);
          int[] blockSize = new int[plan.blockCount()];
          for (int v = 0; v < n; v++) {
            blockSize[plan.blockOf(v)]++;
            int p = tree.parent(v);
            if (p >= 0) {
              boolean sameBlock = plan.blockOf(p) == plan.blockOf(v);
              assertTrue(sameBlock || plan.stageOf(p) < plan.stageOf(v),
                  "parent " + p + " of " + v + " is trained in a later stage");
              if (sameBlock) {
                assertEquals(plan.partitionOf(p), plan.partitionOf(v));
              }
            }
          }
          for (int s : blockSize) {
            assertTrue(s >= 1 && s <= 2 * size + 1, "block of " + s + " with size " + size);
          }
        }
      }
    }
  }

  @Test
  void blockSizeOneIsOneStagePerTreeLevel() {
    CascadeTree tree = new PrimMst().build(distance(120, 4), 5);
    BlockPlan plan = BlockPlan.of(tree, 1, 2);
    assertEquals(tree.maxDepth() + 1, plan.stageCount());
    for (int v = 0; v < 120; v++) {
      assertEquals(tree.depth(v), plan.stageOf(v));
    }
  }

  @Test
  void largeBlocksCutTheStagesOfADeepTree() {
    int n = 1000;
    int[] parent = new int[n];
    double[] dist = new double[n];
    for (int v = 0; v < n; v++) {
      parent[v] = v - 1; // a path: depth 999
    }
    CascadeTree path = CascadeTree.fromParents(parent, dist);
    assertEquals(1000, BlockPlan.of(path, 1, 2).stageCount());
    assertEquals(10, BlockPlan.of(path, 100, 2).stageCount());
  }

  @Test
  void aStarIsSplitAcrossPartitions() {
    CascadeTree star = new StarTree().build(distance(401, 1), 0);
    BlockPlan plan = BlockPlan.of(star, 50, 4);
    assertEquals(2, plan.stageCount());
    long used = java.util.Arrays.stream(plan.partitions()).distinct().count();
    assertEquals(4, used, "the 400 leaves spread over all 4 partitions");
  }

  /** Work per task: 1 + (v mod 5), so blocks differ in weight. */
  private static double[] work(int n) {
    double[] w = new double[n];
    for (int v = 0; v < n; v++) {
      w[v] = 1 + v % 5;
    }
    return w;
  }

  /** The bands' own estimate of a plan: sum over stages of max(heaviest block, work / P) + c. */
  private static double estimate(BlockPlan plan, double[] work, int partitions, double c) {
    double[] blockWork = new double[plan.blockCount()];
    double[] stageWork = new double[plan.stageCount()];
    for (int v = 0; v < work.length; v++) {
      blockWork[plan.blockOf(v)] += work[v];
      stageWork[plan.stageOf(v)] += work[v];
    }
    double[] heaviest = new double[plan.stageCount()];
    for (int v = 0; v < work.length; v++) {
      heaviest[plan.stageOf(v)] = Math.max(heaviest[plan.stageOf(v)], blockWork[plan.blockOf(v)]);
    }
    double total = 0;
    for (int s = 0; s < plan.stageCount(); s++) {
      total += Math.max(heaviest[s], stageWork[s] / partitions) + c;
    }
    return total;
  }

  /** Every band plan: stage = band of levels, one block per task whose parent is in a band above. */
  private static double bestByBruteForce(CascadeTree tree, double[] work, int partitions,
      double c) {
    int levels = tree.maxDepth() + 1;
    double best = Double.POSITIVE_INFINITY;
    for (int mask = 0; mask < 1 << (levels - 1); mask++) {
      int[] band = new int[levels];
      for (int l = 1; l < levels; l++) {
        band[l] = band[l - 1] + ((mask >> (l - 1)) & 1);
      }
      int n = tree.taskCount();
      int[] entry = new int[n];
      double[] piece = new double[n];
      double[] stageWork = new double[band[levels - 1] + 1];
      double[] heaviest = new double[stageWork.length];
      for (int v : tree.trainingOrder()) {
        int p = tree.parent(v);
        entry[v] = p >= 0 && band[tree.depth(p)] == band[tree.depth(v)] ? entry[p] : v;
        piece[entry[v]] += work[v];
        int s = band[tree.depth(v)];
        stageWork[s] += work[v];
        heaviest[s] = Math.max(heaviest[s], piece[entry[v]]);
      }
      double total = 0;
      for (int s = 0; s < stageWork.length; s++) {
        total += Math.max(heaviest[s], stageWork[s] / partitions) + c;
      }
      best = Math.min(best, total);
    }
    return best;
  }

  @Test
  void bandsAreTheCheapestBandPlanAndTrainParentsFirst() {
    for (TreeBuilder b : List.of(new StarTree(), new RandomTree(3), new PrimMst())) {
      for (int n : new int[] {1, 2, 40, 300}) {
        CascadeTree tree = b.build(distance(n, n + 7), 0);
        if (tree.maxDepth() > 14) {
          continue; // brute force over 2^depth band plans
        }
        double[] w = work(n);
        for (int partitions : new int[] {1, 3}) {
          for (double c : new double[] {0, 5, 40, 1e6}) {
            BlockPlan plan = BlockPlan.bands(tree, w, partitions, c);
            assertEquals(bestByBruteForce(tree, w, partitions, c),
                estimate(plan, w, partitions, c), 1e-9, b + " n=" + n + " c=" + c);
            for (int v = 0; v < n; v++) {
              int p = tree.parent(v);
              if (p >= 0) {
                boolean sameBlock = plan.blockOf(p) == plan.blockOf(v);
                assertTrue(sameBlock || plan.stageOf(p) < plan.stageOf(v));
                assertTrue(!sameBlock || plan.partitionOf(p) == plan.partitionOf(v));
              }
            }
          }
        }
      }
    }
  }

  @Test
  void bandsSplitAStarAndKeepAPathWhole() {
    CascadeTree star = new StarTree().build(distance(401, 1), 0);
    double[] ones = new double[401];
    java.util.Arrays.fill(ones, 1);
    BlockPlan split = BlockPlan.bands(star, ones, 4, 1);
    assertEquals(2, split.stageCount(), "the root, then its 400 leaves in parallel");
    int[] perPartition = new int[4];
    for (int v = 1; v < 401; v++) {
      perPartition[split.partitionOf(v)]++;
    }
    assertArrayEquals(new int[] {100, 100, 100, 100}, perPartition);
    assertEquals(1, BlockPlan.bands(star, ones, 4, 1000).stageCount(),
        "when a stage costs more than the leaves' work, one stage");
    int n = 2000;
    int[] parent = new int[n];
    for (int v = 0; v < n; v++) {
      parent[v] = v - 1;
    }
    CascadeTree path = CascadeTree.fromParents(parent, new double[n]);
    BlockPlan whole = BlockPlan.bands(path, new double[n], 2, 1);
    assertEquals(1, whole.stageCount(), "a path has nothing to run in parallel");
    assertEquals(1, whole.blockCount());
  }

  @Test
  void bandsOfADeepTreeStayWithinTheLimitCandidates() {
    int n = 3000;
    int[] parent = new int[n];
    for (int v = 0; v < n; v++) {
      parent[v] = v < 2 ? -1 : v - 2; // two paths of 1500 levels
    }
    CascadeTree twoPaths = CascadeTree.fromParents(parent, new double[n]);
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1);
    BlockPlan plan = BlockPlan.bands(twoPaths, ones, 2, 10);
    assertEquals(1, plan.stageCount(), "each path is one block, one per partition");
    assertTrue(plan.partitionOf(0) != plan.partitionOf(1));
  }
}
