package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The archive run's Spark SQL warm-up cleans up after itself: no session left active or default
 * (a later command, or the JVM's exit, would find it) and no temporary folder left behind.
 */
class SqlClassWarmupTest {
  private static List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("ctl-sql-warmup"))
          .toList();
    }
  }

  @Test
  void leavesNoSessionAndNoFolderBehind() throws IOException {
    List<Path> before = leftovers();
    assertFalse(SparkSession.getDefaultSession().isDefined(), "no session before");
    SqlClassWarmup.run();
    assertFalse(SparkSession.getActiveSession().isDefined());
    assertFalse(SparkSession.getDefaultSession().isDefined());
    assertEquals(before, leftovers());
  }
}
