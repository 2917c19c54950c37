package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachedRddSparkTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void keepsEveryItemInItsPartitionComputedOnceAndFreesThemOnRelease() {
    List<Integer> items = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
    LongAccumulator computed = jsc.sc().longAccumulator("computed");
    JavaRDD<Integer> source = jsc.parallelize(items, 4).map(i -> {
      computed.add(1);
      return i * 3;
    });
    List<String> expected = placed(source);
    computed.reset();

    CachedRdd<Integer> kept = CachedRdd.keep(source);
    assertEquals(0, computed.value(), "nothing is computed before a job reads it");
    assertEquals(1000, kept.count());
    assertEquals(expected, placed(kept.rdd()), "same items, same partitions, in order");
    assertEquals(4, kept.rdd().getNumPartitions());
    kept.rdd().map(i -> i + 1).collect();
    assertEquals(1000, computed.value(), "each item computed once, then read from the store");

    // One stored list per partition: Spark holds all four partitions of one RDD.
    List<RDDInfo> stored = new ArrayList<>();
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      stored.add(info);
    }
    assertEquals(1, stored.size(), stored.toString());
    assertEquals(4, stored.get(0).numCachedPartitions());
    assertTrue(stored.get(0).memSize() > 1000 * 4, "the items are held: " + stored.get(0));

    kept.release();
    assertFalse(spark.sparkContext().getRDDStorageInfo().length > 0,
        "release frees what keep stored");
  }

  /** "partition:item" of every item, in order. */
  private static List<String> placed(JavaRDD<Integer> rdd) {
    return rdd.mapPartitionsWithIndex((p, it) -> {
      List<String> out = new ArrayList<>();
      it.forEachRemaining(i -> out.add(p + ":" + i));
      return out.iterator();
    }, true).collect();
  }

  @Test
  void keepsAnEmptyRdd() {
    CachedRdd<String> kept = CachedRdd.keep(jsc.parallelize(List.<String>of(), 3));
    assertEquals(0, kept.count());
    assertEquals(List.of(), kept.rdd().collect());
    kept.release();
  }
}
