package io.ctlspark.cascade;

import io.ctlspark.data.CachedRdd;
import io.ctlspark.data.TaskRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;

/**
 * Moves every task's training record into the Spark partition that will train it, so that a
 * block of the tree (a chain of parents and children) can be trained inside one Spark task.
 *
 * <p>Two ways, with the same result:
 * <ul>
 *   <li>{@link Mode#SHUFFLE}: one shuffle keyed by task. Right on a cluster, where each record
 *       crosses the network at most once.
 *   <li>{@link Mode#IN_PROCESS}: every target partition reads all cached partitions through a
 *       narrow dependency and keeps its own tasks. Only right when executors share one JVM (local
 *       mode): the cached records are then read in memory, not serialised, compressed, written to
 *       disk and read back, which measured about half a second at 10,000 tasks against 0.2 s of
 *       training; reading them again is so cheap that each stage does, and nothing is cached
 *       twice. On a cluster it would fetch every cached partition once per target partition.
 * </ul>
 * Spark has no "partitionBy without a shuffle"; the in-process way is a coalesce whose groups all
 * hold every parent partition (Spark's public PartitionCoalescer hook), then a filter.
 */
final class TaskPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(TaskPlacement.class);

  enum Mode { SHUFFLE, IN_PROCESS }

  private TaskPlacement() {}

  /** The mode for this Spark context: in-process exactly when executors run in the driver. */
  static Mode modeFor(org.apache.spark.SparkContext sc) {
    return CachedRdd.inProcess(sc) ? Mode.IN_PROCESS : Mode.SHUFFLE;
  }

  /** The placed records, and what Spark keeps of them (null when nothing is kept). */
  record Placed(JavaRDD<TaskRecord> records, CachedRdd<TaskRecord> kept) {
    /** Frees what the placement kept. */
    void release() {
      if (kept != null) {
        kept.release();
      }
    }
  }

  /**
   * @param partitionOf the target partition of every task, indexed by task
   * @return the training-only records, task v in partition partitionOf[v]: shuffled, kept
   *     ({@link CachedRdd#keep}) and materialised, or, in process, computed by each job that
   *     reads them; release() them when done
   */
  static Placed place(JavaRDD<TaskRecord> records, int[] partitionOf, int partitions,
      Mode mode) {
    if (mode == Mode.SHUFFLE) {
      CachedRdd<TaskRecord> placed = CachedRdd.keep(records
          .mapToPair(r -> new Tuple2<>(r.index(), r.trainingOnly()))
          .partitionBy(new TaskPartitioner(partitionOf, partitions))
          .values());
      long started = System.nanoTime();
      long count = placed.count();
      LOG.info("placed {} tasks by shuffle in {} s", count,
          String.format("%.2f", (System.nanoTime() - started) / 1e9));
      return new Placed(placed.rdd(), placed);
    }
    RDD<TaskRecord> everyParentInEachGroup = records.rdd().coalesce(partitions, false,
        Option.apply(new AllParents()), null);
    return new Placed(JavaRDD.fromRDD(everyParentInEachGroup, records.classTag())
        .mapPartitionsWithIndex((target, it) -> {
          List<TaskRecord> mine = new ArrayList<>();
          while (it.hasNext()) {
            TaskRecord r = it.next();
            if (partitionOf[r.index()] == target) {
              mine.add(r.trainingOnly());
            }
          }
          return mine.iterator();
        }, true), null);
  }

  /** Coalescer whose every group holds all parent partitions. */
  private static final class AllParents implements PartitionCoalescer, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
      Partition[] parents = parent.partitions();
      PartitionGroup[] groups = new PartitionGroup[maxPartitions];
      for (int g = 0; g < maxPartitions; g++) {
        groups[g] = new PartitionGroup(Option.empty());
        for (Partition p : parents) {
          groups[g].partitions().addOne(p);
        }
      }
      return groups;
    }
  }

  /** Places each task in the partition its block was assigned to. */
  static final class TaskPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int[] partitionOf;
    private final int partitions;

    TaskPartitioner(int[] partitionOf, int partitions) {
      this.partitionOf = partitionOf;
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return partitionOf[(Integer) key];
    }
  }
}
