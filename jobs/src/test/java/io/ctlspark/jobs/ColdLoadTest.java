package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's cold load: a child JVM that loads a table once and reports its time. */
class ColdLoadTest {
  @TempDir
  Path dir;

  @Test
  void childLoadsTheTableAndReportsItsTime() throws IOException {
    String[] paths = {table("train", 4), table("test", 2)};
    double seconds = ColdLoad.seconds(paths, "csv", false, 2, 4, 2,
        List.of("ctl.spark.master=local[1]"));
    assertTrue(seconds > 0 && seconds < 600, "seconds " + seconds);
  }

  @Test
  void aChildThatFailsFailsTheBenchWithItsLog() throws IOException {
    String[] paths = {table("train", 4), dir.resolve("missing").toString()};
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ColdLoad.seconds(paths, "csv", false, 2, 4, 2, List.of()));
    assertTrue(e.getMessage().contains("failed (exit") && e.getMessage().contains("missing"),
        e.getMessage());
  }

  @Test
  void theChildStartsSparkWithTheBenchsOverrides() throws IOException {
    String[] paths = {table("train", 4), table("test", 2)};
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ColdLoad.seconds(paths, "csv", false, 2, 4, 2,
            List.of("ctl.spark.master=no-such-master")));
    assertTrue(e.getMessage().contains("no-such-master"), e.getMessage());
  }

  /** A wide CSV table of three tasks with {@code rows} rows each (d = 2); its folder. */
  private String table(String name, int rows) throws IOException {
    StringBuilder csv = new StringBuilder("task,x0,x1,y\n");
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < rows; i++) {
        csv.append("t").append(t).append(',').append(i).append(',').append(t * i)
            .append(',').append(i + 0.5 * t).append('\n');
      }
    }
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("part-0.csv"), csv);
    return folder.toString();
  }
}
