package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long phase is reported once per interval with the input rows its Spark jobs read; a short
 * one is not. The clock is the test's, so nothing waits for ten real seconds.
 */
class JobProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private static SparkSession spark;
  private static final AtomicLong NOW = new AtomicLong();
  private static JobProgress progress;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    progress = JobProgress.install(spark.sparkContext(), NOW::get, false);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private long countRows(Path csv) {
    long n = spark.read().option("header", "true").schema("a INT, b INT")
        .csv(csv.toString()).javaRDD().count();
    try {
      // The listener hears of the job's tasks asynchronously.
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
    return n;
  }

  @Test
  void aLongPhaseIsReportedEachIntervalWithTheRowsItsJobsRead() throws IOException {
    Path csv = dir.resolve("t.csv");
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 1234; i++) {
      sb.append(i).append(',').append(2 * i).append('\n');
    }
    Files.writeString(csv, sb);
    List<List<String>> reports = JobProgress.describe(spark.sparkContext(), "load", () -> {
      assertEquals(1234, countRows(csv));
      NOW.addAndGet(9 * SECOND);
      List<String> early = progress.report();
      NOW.addAndGet(2 * SECOND);
      List<String> first = progress.report();
      NOW.addAndGet(5 * SECOND);
      List<String> tooSoon = progress.report();
      countRows(csv);
      NOW.addAndGet(5 * SECOND);
      List<String> second = progress.report();
      return List.of(early, first, tooSoon, second);
    });
    assertEquals(List.of(), reports.get(0), "not before ten seconds");
    assertEquals(List.of("load: running, 11 s; 1,234 input rows read"), reports.get(1));
    assertEquals(List.of(), reports.get(2), "once per interval");
    assertEquals(List.of("load: running, 21 s; 2,468 input rows read"), reports.get(3));
    assertEquals(List.of(), progress.report(), "a finished phase is not reported");
    assertTrue(spark.sparkContext().getLocalProperty("spark.job.description") == null,
        "the description is restored");
  }

  @Test
  void theInnermostPhaseIsReported() {
    List<String> lines = JobProgress.describe(spark.sparkContext(), "load",
        () -> JobProgress.describe(spark.sparkContext(), "baselines", () -> {
          NOW.addAndGet(30 * SECOND);
          return progress.report();
        }));
    assertEquals(List.of("baselines: running, 30 s"), lines);
  }
}
