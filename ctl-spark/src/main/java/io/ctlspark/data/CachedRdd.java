package io.ctlspark.data;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * How ctl-spark keeps an RDD that many jobs reuse (the per-task records, above all).
 *
 * <p>On a cluster: persisted in memory and on disk, with its lineage, so that Spark can recompute
 * the partitions of a lost executor. In process (local mode), executors live and die with the
 * driver, so the lineage is never needed: the RDD is checkpointed locally instead, which cuts the
 * lineage. That matters because the records are built by a Spark SQL plan, and every job on them
 * would otherwise serialise that plan into each of its tasks (measured 10-25 ms of task
 * deserialisation per job, against a few milliseconds of work in the cascade's stages).
 */
public final class CachedRdd {
  private CachedRdd() {}

  /** True when executors run inside the driver's JVM (local mode). */
  public static boolean inProcess(SparkContext sc) {
    return sc.isLocal();
  }

  /** Marks the RDD for reuse; it is stored by the first job that runs on it. */
  public static <T> JavaRDD<T> keep(JavaRDD<T> rdd) {
    if (inProcess(rdd.context())) {
      return JavaRDD.fromRDD(rdd.rdd().localCheckpoint(), rdd.classTag());
    }
    return rdd.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Frees what {@link #keep} stored. A locally checkpointed RDD is freed through its
   * SparkContext: RDD.unpersist would do the same and then warn, in the user's log, that the
   * lineage is gone, which is the point of keeping it that way (nothing reads it again).
   */
  public static <T> void release(JavaRDD<T> rdd) {
    if (rdd.rdd().isLocallyCheckpointed()) {
      rdd.context().unpersistRDD(rdd.id(), false);
    } else {
      rdd.unpersist(false);
    }
  }
}
