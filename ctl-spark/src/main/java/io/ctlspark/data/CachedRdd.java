package io.ctlspark.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * An RDD that many jobs reuse (the per-task records, above all), kept by Spark and read through
 * {@link #rdd()}.
 *
 * <p>Each partition is stored as one list of its items, not item by item. Spark's memory store
 * estimates the size of a block it is filling every time the block has grown by a tenth, by
 * walking a sample of its items' objects (SizeEstimator): 8% of the executors' samples in a JFR
 * of warm CSV loads of 2,000 tasks. A block of one list is estimated when it is stored, not
 * again and again as it fills.
 *
 * <p>On a cluster the lists are persisted in memory and on disk, with their lineage, so that
 * Spark can recompute the partitions of a lost executor. In process (local mode), executors live
 * and die with the driver, so the lineage is never needed: the lists are checkpointed locally
 * instead, which cuts it. That matters when the items were built by a Spark SQL plan: every job
 * on them would otherwise serialise that plan into each of its tasks (measured 10-25 ms of task
 * deserialisation per job, against a few milliseconds of work in the cascade's stages).
 *
 * @param <T> the items
 */
public final class CachedRdd<T> {
  private final JavaRDD<List<T>> stored;
  private final JavaRDD<T> items;

  private CachedRdd(JavaRDD<List<T>> stored) {
    this.stored = stored;
    this.items = stored.flatMap(List::iterator);
  }

  /** True when executors run inside the driver's JVM (local mode). */
  public static boolean inProcess(SparkContext sc) {
    return sc.isLocal();
  }

  /**
   * Marks {@code rdd}'s items for reuse, in its partitions; they are stored by the first job
   * that reads {@link #rdd()} (or {@link #count()}).
   */
  public static <T> CachedRdd<T> keep(JavaRDD<T> rdd) {
    JavaRDD<List<T>> lists = rdd.mapPartitions(it -> {
      ArrayList<T> list = new ArrayList<>();
      it.forEachRemaining(list::add);
      list.trimToSize();
      return Collections.<List<T>>singletonList(list).iterator();
    }, true);
    if (inProcess(rdd.context())) {
      return new CachedRdd<>(JavaRDD.fromRDD(lists.rdd().localCheckpoint(), lists.classTag()));
    }
    return new CachedRdd<>(lists.persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /** The kept items, partitioned as the RDD given to {@link #keep} was. */
  public JavaRDD<T> rdd() {
    return items;
  }

  /** Stores the items now, if no job has yet; returns how many there are. */
  public long count() {
    return stored.map(list -> (long) list.size()).fold(0L, Long::sum);
  }

  /**
   * Frees what {@link #keep} stored; {@link #rdd()} cannot be read afterwards. A locally
   * checkpointed RDD is freed through its SparkContext: RDD.unpersist would do the same and then
   * warn, in the user's log, that the lineage is gone, which is the point of keeping it that way
   * (nothing reads it again).
   */
  public void release() {
    if (stored.rdd().isLocallyCheckpointed()) {
      stored.context().unpersistRDD(stored.id(), false);
    } else {
      stored.unpersist(false);
    }
  }
}
