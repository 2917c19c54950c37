package io.ctlspark.cascade;

import io.ctlspark.tree.CascadeTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a tree is cut into blocks for training on Spark, and which Spark partition trains each block.
 *
 * <p>A block is a set of whole subtree pieces whose entry tasks share one parent (or are roots). A
 * block is trained inside one Spark task, in breadth-first order, so a stage trains many tree
 * levels at once and only the parents of the blocks' entry tasks cross stages (by broadcast).
 * Stage of a block = 1 + stage of the block holding its entry parent. With block size 1 every task
 * is its own block and stages are exactly tree levels (the textbook "one stage per level" engine);
 * larger blocks cut the number of Spark stages of a deep tree from its depth to roughly
 * depth / block size, which is what keeps Spark's per-stage overhead small next to the compute.
 *
 * <p>Cutting rule, bottom-up (children before parents): a task's pending piece is itself plus its
 * children's pending pieces; when that exceeds the block size, the children's pieces are packed, in
 * task order, into blocks of at least the block size and cut off; the rest stays with the task.
 * The root's final piece is a block. Pieces passed up never exceed the block size, so a block holds
 * fewer than twice the block size tasks (plus one at the root).
 */
public final class BlockPlan {
  private final int[] blockOf;
  private final int[] stageOfBlock;
  private final int[] partitionOfBlock;
  private final int blockCount;
  private final int stageCount;

  private BlockPlan(int[] blockOf, int[] stageOfBlock, int[] partitionOfBlock) {
    this.blockOf = blockOf;
    this.stageOfBlock = stageOfBlock;
    this.partitionOfBlock = partitionOfBlock;
    this.blockCount = stageOfBlock.length;
    this.stageCount = Arrays.stream(stageOfBlock).max().orElse(-1) + 1;
  }

  /** The block size used when none is configured: about four blocks per partition. */
  public static int autoBlockSize(int taskCount, int partitions) {
    return Math.max(1, (int) Math.ceil(taskCount / (4.0 * partitions)));
  }

  public static BlockPlan of(CascadeTree tree, int blockSize, int partitions) {
    if (blockSize < 1 || partitions < 1) {
      throw new IllegalArgumentException("block size and partitions must be >= 1");
    }
    int n = tree.taskCount();
    int[] order = tree.trainingOrder();
    int[][] children = tree.children();
    int[] pending = new int[n];
    int[] cut = new int[n];
    Arrays.fill(cut, -1);
    int blocks = 0;
    for (int k = n - 1; k >= 0; k--) {
      int v = order[k];
      int total = 1;
      for (int c : children[v]) {
        total += pending[c];
      }
      if (total > blockSize) {
        int group = 0;
        List<Integer> members = new ArrayList<>();
        for (int c : children[v]) {
          members.add(c);
          group += pending[c];
          if (group >= blockSize) {
            for (int m : members) {
              cut[m] = blocks;
            }
            blocks++;
            members.clear();
            group = 0;
          }
        }
        total = 1 + group;
      }
      pending[v] = total;
      if (tree.parent(v) == -1) {
        cut[v] = blocks++;
      }
    }
    int[] blockOf = new int[n];
    int[] stageOfBlock = new int[blocks];
    for (int v : order) {
      int p = tree.parent(v);
      if (cut[v] >= 0) {
        blockOf[v] = cut[v];
        stageOfBlock[cut[v]] = p == -1 ? 0 : stageOfBlock[blockOf[p]] + 1;
      } else {
        blockOf[v] = blockOf[p];
      }
    }
    int[] size = new int[blocks];
    for (int v = 0; v < n; v++) {
      size[blockOf[v]]++;
    }
    return new BlockPlan(blockOf, stageOfBlock, assignPartitions(stageOfBlock, size, partitions));
  }

  /** Per stage, largest block first onto the least-loaded partition (ties: lowest index). */
  private static int[] assignPartitions(int[] stageOfBlock, int[] size, int partitions) {
    int blocks = stageOfBlock.length;
    Integer[] byStage = new Integer[blocks];
    for (int b = 0; b < blocks; b++) {
      byStage[b] = b;
    }
    Arrays.sort(byStage, Comparator.<Integer>comparingInt(b -> stageOfBlock[b])
        .thenComparing(b -> -size[b]).thenComparingInt(b -> b));
    int[] partitionOf = new int[blocks];
    long[] load = new long[partitions];
    int stage = -1;
    for (int b : byStage) {
      if (stageOfBlock[b] != stage) {
        stage = stageOfBlock[b];
        Arrays.fill(load, 0);
      }
      int best = 0;
      for (int p = 1; p < partitions; p++) {
        if (load[p] < load[best]) {
          best = p;
        }
      }
      partitionOf[b] = best;
      load[best] += size[b];
    }
    return partitionOf;
  }

  public int blockCount() {
    return blockCount;
  }

  public int stageCount() {
    return stageCount;
  }

  public int blockOf(int task) {
    return blockOf[task];
  }

  public int stageOf(int task) {
    return stageOfBlock[blockOf[task]];
  }

  public int partitionOf(int task) {
    return partitionOfBlock[blockOf[task]];
  }

  /** Stage of every task, indexed by task. */
  public int[] stages() {
    int[] s = new int[blockOf.length];
    for (int v = 0; v < s.length; v++) {
      s[v] = stageOf(v);
    }
    return s;
  }

  /** Partition of every task, indexed by task. */
  public int[] partitions() {
    int[] s = new int[blockOf.length];
    for (int v = 0; v < s.length; v++) {
      s[v] = partitionOf(v);
    }
    return s;
  }
}
