package io.ctlspark.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.data.EmptyTaskPolicy;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dataset's summaries are collected once per distance (a grid's runs share them) and a new
 * dataset gets its own.
 */
class TaskGeometrySparkTest {
  private static SparkSession spark;
  private static final AtomicInteger jobs = new AtomicInteger();

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    });
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static TaskDataset load() {
    SyntheticTasks gen = SyntheticTasks.clustered(30, 4, 20, 10, 3, 2.0, 6.0, 1.0, 8);
    return new TaskDatasetBuilder(new TaskColumns("task", "y", List.of(), ""),
        EmptyTaskPolicy.FAIL, false, 3, null).build(gen.table(spark, false, 3), "train",
        gen.table(spark, true, 2), "test");
  }

  private static int jobsSoFar() throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    return jobs.get();
  }

  @Test
  void aDatasetsSummariesAreCollectedOncePerDistance() throws Exception {
    TaskDataset data = load();
    int before = jobsSoFar();
    TaskGeometry model = TaskGeometry.summarise(data, DistanceKind.MODEL, false);
    int collected = jobsSoFar();
    assertEquals(before + 1, collected, "one job collects them");
    assertSame(model, TaskGeometry.summarise(data, DistanceKind.MODEL, false));
    assertEquals(collected, jobsSoFar(), "the second ask runs no job");
    assertNotSame(model, TaskGeometry.summarise(data, DistanceKind.GRADIENT, false));
    TaskGeometry clustered = TaskGeometry.summarise(data, DistanceKind.MODEL, true);
    assertNotSame(model, clustered);
    assertTrue(clustered.clusterEmbedding[0] != null, "cluster vectors when asked for");
    TaskDataset other = load();
    TaskGeometry fresh = TaskGeometry.summarise(other, DistanceKind.MODEL, false);
    assertNotSame(model, fresh, "another dataset has its own");
    for (int v = 0; v < data.taskCount(); v++) {
      assertArrayEquals(fresh.meanFeatures[v], model.meanFeatures[v], 0.0, "task " + v);
    }
    data.release();
    other.release();
  }
}
