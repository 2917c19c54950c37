package io.ctlspark.method;

import io.ctlspark.budget.AllocationSpec;
import io.ctlspark.cascade.BlockPlanning;
import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.tree.TreeSpec;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;


/**
 * What a training method works with: the Spark context, the loaded tasks, the trainer (model and
 * step rule), the engine's partitions and block planning, the tree and allocation specs, and the
 * run's phase timer.
 *
 * @param seed the run seed (random trees, clustering)
 */
public record MethodContext(SparkContext sc, TaskDataset data, TaskTrainer trainer,
    int partitions, TreeSpec tree, AllocationSpec allocation, BlockPlanning blocks, long seed,
    PhaseTimer timer) {

  public JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(sc);
  }

  /** Training rows summed over every task. */
  public long rowsTotal() {
    long rows = 0;
    for (int v = 0; v < data.taskCount(); v++) {
      rows += data.trainRows(v);
    }
    return rows;
  }

  /** Row-gradients of a per-task training: each task's steps times its training rows. */
  public long perTaskRowGradients(int[] stepsUsed) {
    long total = 0;
    for (int v = 0; v < stepsUsed.length; v++) {
      total += (long) stepsUsed[v] * data.trainRows(v);
    }
    return total;
  }
}
