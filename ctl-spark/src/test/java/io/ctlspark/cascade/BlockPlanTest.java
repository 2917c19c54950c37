package io.ctlspark.cascade;

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
}
