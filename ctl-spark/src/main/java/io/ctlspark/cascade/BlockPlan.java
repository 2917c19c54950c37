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
 * Cutting a deep tree into a few stages is what keeps Spark's per-stage overhead small next to
 * the compute; keeping every stage's blocks many and even is what keeps all partitions busy.
 *
 * <p>Two ways to cut:
 * <ul>
 *   <li>{@link #bands} (the default): the tree's levels are cut into bands, one stage per band,
 *       where the band limits minimise an estimate of the wall time (see there).
 *   <li>{@link #of} with a block size: bottom-up (children before parents), a task's pending
 *       piece is itself plus its children's pending pieces; when that exceeds the block size, the
 *       children's pieces are packed, in task order, into blocks of at least the block size and
 *       cut off; the rest stays with the task. The root's final piece is a block. A block holds
 *       fewer than twice the block size tasks (plus one at the root). Block size 1 is the
 *       textbook engine: one stage per tree level.
 * </ul>
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
    double[] size = new double[blocks];
    for (int v = 0; v < n; v++) {
      size[blockOf[v]]++;
    }
    return new BlockPlan(blockOf, stageOfBlock, assignPartitions(stageOfBlock, size, partitions));
  }

  /** At most this many candidate band limits: a path-shaped tree stays O(this x tasks). */
  static final int MAX_LIMITS = 512;

  /**
   * The automatic plan. The tree's levels are cut into bands, one stage per band; in a band, every
   * task whose parent lies in an earlier band starts a block holding its descendants down to the
   * band's last level. A stage then takes about max(its heaviest block, its work / partitions) +
   * stageCost, and the band limits minimise the sum of that over stages: a dynamic programme over
   * level limits (all of them, or {@link #MAX_LIMITS} evenly spaced ones for very deep trees).
   * Near the root the tree is narrow, so its first levels tend to form one short stage; the wide
   * levels below split into many blocks that keep every partition busy.
   *
   * @param work the cost of training each task (steps x rows x parameters), in the unit of
   *     stageCost
   * @param stageCost the fixed cost of one Spark stage (scheduling, broadcast, collect)
   */
  public static BlockPlan bands(CascadeTree tree, double[] work, int partitions,
      double stageCost) {
    if (partitions < 1 || !(stageCost >= 0) || work.length != tree.taskCount()) {
      throw new IllegalArgumentException("partitions must be >= 1, stage cost >= 0 and work "
          + "given for every task");
    }
    int n = tree.taskCount();
    int levels = tree.maxDepth() + 1;
    int[][] atLevel = tasksByLevel(tree, levels);
    int step = (levels + MAX_LIMITS - 1) / MAX_LIMITS;
    int m = (levels + step - 1) / step; // candidate limits: k * step for k < m, then levels
    double[] best = new double[m + 1];
    int[] from = new int[m + 1];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    best[0] = 0;
    int[] entry = new int[n];
    double[] piece = new double[n];
    for (int i = 0; i < m; i++) {
      int first = i * step;
      double sum = 0;
      double heaviest = 0;
      for (int j = i + 1; j <= m; j++) {
        for (int level = (j - 1) * step; level < Math.min(j * step, levels); level++) {
          for (int v : atLevel[level]) {
            int e = level == first ? v : entry[tree.parent(v)];
            entry[v] = e;
            piece[e] = (level == first ? 0 : piece[e]) + work[v];
            heaviest = Math.max(heaviest, piece[e]);
            sum += work[v];
          }
        }
        double cost = best[i] + Math.max(heaviest, sum / partitions) + stageCost;
        if (cost < best[j]) {
          best[j] = cost;
          from[j] = i;
        }
      }
    }
    List<Integer> limits = new ArrayList<>();
    for (int j = m; j > 0; j = from[j]) {
      limits.add(0, Math.min(j * step, levels));
    }
    int[] blockOf = new int[n];
    List<Integer> stageOfBlock = new ArrayList<>();
    List<Double> blockWork = new ArrayList<>();
    int first = 0;
    for (int stage = 0; stage < limits.size(); stage++) {
      for (int level = first; level < limits.get(stage); level++) {
        for (int v : atLevel[level]) {
          if (level == first) {
            blockOf[v] = stageOfBlock.size();
            stageOfBlock.add(stage);
            blockWork.add(0.0);
          } else {
            blockOf[v] = blockOf[tree.parent(v)];
          }
          blockWork.set(blockOf[v], blockWork.get(blockOf[v]) + work[v]);
        }
      }
      first = limits.get(stage);
    }
    int[] stages = stageOfBlock.stream().mapToInt(Integer::intValue).toArray();
    return new BlockPlan(blockOf, stages, assignPartitions(stages,
        blockWork.stream().mapToDouble(Double::doubleValue).toArray(), partitions));
  }

  /** Tasks of each level, each level in training (breadth-first) order. */
  private static int[][] tasksByLevel(CascadeTree tree, int levels) {
    int[] count = new int[levels];
    for (int v : tree.trainingOrder()) {
      count[tree.depth(v)]++;
    }
    int[][] at = new int[levels][];
    for (int l = 0; l < levels; l++) {
      at[l] = new int[count[l]];
    }
    int[] fill = new int[levels];
    for (int v : tree.trainingOrder()) {
      int l = tree.depth(v);
      at[l][fill[l]++] = v;
    }
    return at;
  }

  /**
   * Per stage, the heaviest block first onto the least-loaded partition (ties: lowest index): the
   * longest-processing-time rule.
   */
  private static int[] assignPartitions(int[] stageOfBlock, double[] size, int partitions) {
    int blocks = stageOfBlock.length;
    Integer[] byStage = new Integer[blocks];
    for (int b = 0; b < blocks; b++) {
      byStage[b] = b;
    }
    Arrays.sort(byStage, Comparator.<Integer>comparingInt(b -> stageOfBlock[b])
        .thenComparingDouble(b -> -size[b]).thenComparingInt(b -> b));
    int[] partitionOf = new int[blocks];
    double[] load = new double[partitions];
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
