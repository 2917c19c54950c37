package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctlspark.TestSpark;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Same configuration and seed, same models and metrics bit for bit, whatever the master's
 * cores or the number of partitions. The one test class that needs two sessions, one after the
 * other: local[1] with 1 partition, then local[2] with 8.
 */
class CrossMasterDeterminismTest {
  private static final String[][] METHODS = {
      {"ctl.tree.type=mst", "ctl.model.type=mlp", "ctl.model.hidden=4"},
      {"ctl.tree.type=random", "ctl.tree.distance=model"},
      {"ctl.tree.type=cluster-mst", "ctl.tree.clusters=3"},
      {"ctl.tree.type=mst", "ctl.tree.approximate-above=10"},
      {"ctl.method=indiv"},
      {"ctl.method=global-mtl", "ctl.train.budget=40"}};

  private static List<RunResult> runAll(String master, int partitions) {
    SparkSession spark = TestSpark.start(master);
    try {
      SyntheticTasks gen = SyntheticTasks.clustered(60, 4, 30, 12, 3, 3.0, 8.0, 2.0, 99);
      TaskDataset data = RunFixtures.load(spark, gen, partitions);
      List<RunResult> out = new ArrayList<>();
      for (String[] m : METHODS) {
        String[] sets = new String[m.length + 1];
        System.arraycopy(m, 0, sets, 0, m.length);
        sets[m.length] = "ctl.train.seed=5";
        out.add(RunFixtures.train(spark, data, partitions, sets));
      }
      return out;
    } finally {
      spark.stop();
    }
  }

  @Test
  void localOneWithOnePartitionEqualsLocalTwoWithEight() {
    List<RunResult> a = runAll("local[1]", 1);
    List<RunResult> b = runAll("local[2]", 8);
    for (int i = 0; i < METHODS.length; i++) {
      RunResult x = a.get(i);
      RunResult y = b.get(i);
      String what = String.join(" ", METHODS[i]);
      assertEquals(x.trained.stepsCounted(), y.trained.stepsCounted(), what);
      assertArrayEquals(x.tree.parents(), y.tree.parents(), what);
      for (int v = 0; v < x.data.taskCount(); v++) {
        assertArrayEquals(x.trained.parameters()[v], y.trained.parameters()[v], what);
        TaskMetrics mx = x.perTask.get(v);
        TaskMetrics my = y.perTask.get(v);
        assertEquals(mx.mse(), my.mse(), 0, what);
        assertEquals(mx.mape(), my.mape(), 0, what);
      }
      assertEquals(x.metrics.rmseMean(), y.metrics.rmseMean(), 0, what);
    }
  }
}
