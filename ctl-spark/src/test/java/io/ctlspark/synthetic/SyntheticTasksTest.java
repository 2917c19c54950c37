package io.ctlspark.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The generators' rows, without Spark: independent draws per task and split, reproducible. */
class SyntheticTasksTest {
  @Test
  void noTwoTasksOrSplitsShareADraw() {
    // Gaussian doubles drawn independently do not repeat: a value seen in two streams means the
    // streams overlap (as they did when stream k was seeded with seed ^ (gamma k)).
    for (long seed : new long[] {0, 42}) {
      SyntheticTasks gen = SyntheticTasks.homogeneous(50, 5, 16, 32, 15.0, 5.0, seed);
      Map<Double, String> seen = new HashMap<>();
      for (int t = 0; t < gen.taskCount(); t++) {
        for (boolean test : new boolean[] {false, true}) {
          String stream = "task " + t + (test ? " test" : " train");
          for (Row r : gen.rows(t, test)) {
            for (int j = 1; j <= gen.dimension() + 1; j++) {
              String before = seen.put(r.getDouble(j), stream);
              assertTrue(before == null || before.equals(stream), "seed " + seed + ": "
                  + stream + " draws " + r.getDouble(j) + ", as " + before + " did");
            }
          }
        }
      }
      assertEquals(50 * (16 + 32) * 6, seen.size());
    }
  }

  @Test
  void aTasksRowsDependOnTheSeedTaskAndSplitAlone() {
    SyntheticTasks a = SyntheticTasks.clustered(20, 3, 8, 8, 5, 5.0, 10.0, 5.0, 7);
    SyntheticTasks b = SyntheticTasks.clustered(20, 3, 8, 8, 5, 5.0, 10.0, 5.0, 7);
    List<Row> rows = a.rows(13, true);
    assertEquals(rows, b.rows(13, true));
    assertEquals(rows, a.rows(13, true));
    assertTrue(!rows.equals(a.rows(13, false)) && !rows.equals(a.rows(12, true)));
  }
}
