package io.ctlspark.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctlspark.TestSpark;
import io.ctlspark.spec.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KMeans over task embeddings: well-separated groups are found, and a remembered result is
 * exactly what a new fit returns (the memo cannot change a cluster tree).
 */
class TaskClusteringSparkTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Three groups of 20 points around (0, 0), (100, 0) and (0, 100), unit noise. */
  private static double[][] groups(long seed) {
    Random r = new Random(seed);
    double[][] e = new double[60][];
    for (int v = 0; v < 60; v++) {
      int g = v % 3;
      e[v] = new double[] {(g == 1 ? 100 : 0) + r.nextGaussian(),
          (g == 2 ? 100 : 0) + r.nextGaussian()};
    }
    return e;
  }

  @Test
  void separatedGroupsAreFoundAndARememberedResultEqualsANewFit() {
    double[][] e = groups(1);
    int[] first = TaskClustering.kmeans(spark.sparkContext(), e, 3, 7);
    // Every point shares its cluster with exactly the points of its group.
    for (int v = 0; v < 60; v++) {
      for (int u = 0; u < 60; u++) {
        assertEquals(u % 3 == v % 3, first[u] == first[v], u + " and " + v);
      }
    }
    first[0] = 99;
    int[] again = TaskClustering.kmeans(spark.sparkContext(), e, 3, 7);
    assertArrayEquals(TaskClustering.fit(spark.sparkContext(), e, 3, 7), again,
        "the remembered result is a fit's, and returned as a copy the caller cannot change");
    // Another input is another key: here k, whose result differs from k = 3's.
    int[] two = TaskClustering.kmeans(spark.sparkContext(), e, 2, 7);
    assertEquals(2, java.util.Arrays.stream(two).distinct().count());
  }

  /**
   * The fit goes through MLlib's RDD API; the DataFrame estimator, which the cluster trees used
   * before (and the KMeans a Spark user would reach for), must give the same labels: on
   * overlapping clusters, where k-means|| and Lloyd's iterations decide, not the geometry alone.
   */
  @Test
  void theFitLabelsAsTheDataFrameEstimatorDoes() {
    Random r = new Random(5);
    for (int trial = 0; trial < 4; trial++) {
      int n = 40 + 20 * trial;
      int d = 1 + 5 * trial;
      double[][] e = new double[n][d];
      for (double[] row : e) {
        int centre = r.nextInt(6);
        for (int j = 0; j < d; j++) {
          row[j] = centre + 1.5 * r.nextGaussian();
        }
      }
      int k = 2 + trial;
      long seed = 11L * trial;
      assertArrayEquals(dataFrameEstimator(e, k, seed),
          TaskClustering.fit(spark.sparkContext(), e, k, seed), "n " + n + ", d " + d + ", k " + k);
    }
  }

  private static int[] dataFrameEstimator(double[][] embedding, int k, long seed) {
    List<Row> rows = new ArrayList<>();
    for (int v = 0; v < embedding.length; v++) {
      rows.add(RowFactory.create(v, org.apache.spark.ml.linalg.Vectors.dense(embedding[v])));
    }
    StructType schema = new StructType().add("index", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    Dataset<Row> table = spark.createDataFrame(rows, schema).coalesce(1);
    KMeansModel model = new KMeans().setK(k).setSeed(seed).fit(table);
    int[] clusterOf = new int[embedding.length];
    for (Row row : model.transform(table).select("index", "prediction").collectAsList()) {
      clusterOf[row.getInt(0)] = row.getInt(1);
    }
    return clusterOf;
  }

  /** Two runs asking for the same clusters at once get one fit's result: its Spark jobs once. */
  @Test
  void concurrentRequestsForOneResultShareOneFit() throws Exception {
    double[][] e = groups(3);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      int[] direct = TaskClustering.fit(spark.sparkContext(), e, 4, 21);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      int oneFit = jobs.getAndSet(0);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<int[]>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        both.add(pool.submit(() -> {
          go.await();
          return TaskClustering.kmeans(spark.sparkContext(), e, 4, 21);
        }));
      }
      go.countDown();
      for (Future<int[]> f : both) {
        assertArrayEquals(direct, f.get());
      }
      pool.shutdown();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(oneFit, jobs.get(), "the jobs of one fit, not two");
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  @Test
  void kOutsideOneToTheTaskCountIsRefused() {
    double[][] e = groups(2);
    assertThrows(InvalidSettingException.class,
        () -> TaskClustering.kmeans(spark.sparkContext(), e, 0, 1));
    assertThrows(InvalidSettingException.class,
        () -> TaskClustering.kmeans(spark.sparkContext(), e, 61, 1));
  }
}
