package io.ctlspark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctlspark.TestSpark;
import io.ctlspark.data.GbtScores;
import io.ctlspark.data.TaskRecord;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global GBT baseline on a step that one stump fits exactly: two tasks of very different
 * scales are the same step once each is standardised with its own statistics, so one global
 * model of one depth-1 tree scores both with no error on the original scale.
 */
class GlobalGbtBaselineSparkTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // MLlib's tree learners ship their own internal classes, which no application registers.
    spark = TestSpark.start("local[2]", false);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** x = 0..19; y = low below 10, high from 10; test rows x = 3 and x = 15. */
  private static TaskRecord step(String id, int index, double low, double high) {
    double[] x = new double[20];
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      x[i] = i;
      y[i] = i < 10 ? low : high;
    }
    return TaskRecord.standardize(id, index, 1, x, y, new double[] {3, 15},
        new double[] {low, high}, true);
  }

  @Test
  void oneStumpFitsEveryTaskOnItsOwnScale() {
    GbtScores s = GlobalGbtBaseline.score(spark, JavaSparkContext.fromSparkContext(
        spark.sparkContext()).parallelize(List.of(step("a", 0, 10, 30),
            step("b", 1, 100, 300)), 2), 2, 1, 1, 7);
    // Exact but for the rounding of the standardisation (values of 10 to 300).
    assertEquals(0.0, s.rmse()[0], 1e-7);
    assertEquals(0.0, s.rmse()[1], 1e-7);
    assertEquals(0.0, s.mae()[1], 1e-7);
    assertEquals(1, s.trees());
  }
}
