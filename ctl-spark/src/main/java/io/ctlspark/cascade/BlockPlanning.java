package io.ctlspark.cascade;

import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import io.ctlspark.tree.CascadeTree;

/**
 * How the engine cuts a tree into blocks (ctl.cascade.block-size, ctl.cascade.stage-cost): a
 * fixed block size, or, with block size 0, bands of levels chosen by cost ({@link
 * BlockPlan#bands}).
 *
 * @param blockSize tasks per block, or 0 for the cost-based bands
 * @param stageCost the fixed cost of one Spark stage, in parameter-row gradients (one row's
 *     gradient for one parameter); used by the bands only
 * @param pooledTaskBytes the largest pooled training data that global MTL and the pooled root's
 *     source train inside one Spark task (all steps in one job); larger data take a job per step
 */
public record BlockPlanning(int blockSize, double stageCost, long pooledTaskBytes) {
  /** ctl.cascade.pooled-task-bytes' default: 256 MiB. */
  public static final long POOLED_TASK_BYTES = 256L << 20;

  public BlockPlanning {
    Setting.BLOCK_SIZE.check(blockSize);
    Setting.STAGE_COST.check(stageCost);
    Setting.POOLED_TASK_BYTES.check(pooledTaskBytes);
  }

  /** Block planning with the default pooled-task limit. */
  public BlockPlanning(int blockSize, double stageCost) {
    this(blockSize, stageCost, POOLED_TASK_BYTES);
  }

  public static BlockPlanning from(SettingSource src) {
    return new BlockPlanning(src.integer(Setting.BLOCK_SIZE), src.number(Setting.STAGE_COST),
        src.longValue(Setting.POOLED_TASK_BYTES));
  }

  /**
   * @param work the cost of training each task (steps x rows x parameters)
   */
  public BlockPlan plan(CascadeTree tree, double[] work, int partitions) {
    return blockSize > 0 ? BlockPlan.of(tree, blockSize, partitions)
        : BlockPlan.bands(tree, work, partitions, stageCost);
  }
}
