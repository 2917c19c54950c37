package io.ctlspark.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ctlspark.TestSpark;
import io.ctlspark.spec.InvalidSettingException;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
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
    int[] first = TaskClustering.kmeans(spark, e, 3, 7);
    // Every point shares its cluster with exactly the points of its group.
    for (int v = 0; v < 60; v++) {
      for (int u = 0; u < 60; u++) {
        assertEquals(u % 3 == v % 3, first[u] == first[v], u + " and " + v);
      }
    }
    first[0] = 99;
    int[] again = TaskClustering.kmeans(spark, e, 3, 7);
    assertArrayEquals(TaskClustering.fit(spark, e, 3, 7), again,
        "the remembered result is a fit's, and returned as a copy the caller cannot change");
    // Another input is another key: here k, whose result differs from k = 3's.
    int[] two = TaskClustering.kmeans(spark, e, 2, 7);
    assertEquals(2, java.util.Arrays.stream(two).distinct().count());
  }

  @Test
  void kOutsideOneToTheTaskCountIsRefused() {
    double[][] e = groups(2);
    assertThrows(InvalidSettingException.class, () -> TaskClustering.kmeans(spark, e, 0, 1));
    assertThrows(InvalidSettingException.class, () -> TaskClustering.kmeans(spark, e, 61, 1));
  }
}
