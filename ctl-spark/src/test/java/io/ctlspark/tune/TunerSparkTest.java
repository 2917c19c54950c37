package io.ctlspark.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tuning split and the search on Spark. */
class TunerSparkTest {
  private static SparkSession spark;
  private static TaskDataset data;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    SyntheticTasks gen = SyntheticTasks.clustered(20, 3, 30, 10, 2, 2.0, 6.0, 1.0, 9);
    data = new TrainingRun(spark, 2).load(gen.table(spark, false, 2), "train",
        gen.table(spark, true, 2), "test", RunSpec.from(config()));
  }

  @AfterAll
  static void stop() {
    data.release();
    spark.stop();
  }

  private static CtlConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("ctl.data.task-col=task", "ctl.data.label-col=y",
        "ctl.train.budget=100", "ctl.tree.distance=observed-label"));
    all.addAll(List.of(sets));
    return CtlConfig.load(null, all);
  }

  @Test
  void theValidationSplitTakesTheFirstOrLastTrainingRows() {
    TaskRecord t = TaskRecord.standardize("t", 0, 1, new double[] {1, 2, 3, 4, 5},
        new double[] {10, 20, 30, 40, 50}, new double[0], new double[0], true);
    TaskRecord first = t.validationSplit(2, false);
    assertEquals(3, first.trainRows());
    assertArrayEquals(java.util.Arrays.copyOfRange(t.xTrain(), 2, 5), first.xTrain(), 0);
    // Validation labels are back on the original scale, as test labels are.
    assertArrayEquals(new double[] {10, 20}, first.yTest(), 1e-9);
    TaskRecord last = t.validationSplit(2, true);
    assertArrayEquals(new double[] {40, 50}, last.yTest(), 1e-9);
    assertArrayEquals(t.xMean(), last.xMean(), 0);
    assertThrows(BadInputException.class, () -> t.validationSplit(5, false));
  }

  @Test
  void searchesOnValidationRowsAndScoresInfeasibleTrialsAsTheWorst() {
    TaskDataset tuning = data.validationSplit(10, true);
    try {
      assertEquals(20, tuning.trainRows(0));
      assertEquals(10, tuning.testRows(0));
      CtlConfig c = config("ctl.tune.space.seed-fraction=[0.1, 0.95]");
      SearchSpace space = Tuner.space(c);
      List<Tuner.Result> results = new Tuner(SparkRuntime.of(spark), 2, 2).run(tuning, c, space,
          new TpeSampler(1), 12);
      assertEquals(12, results.size());
      for (Tuner.Result r : results) {
        assertTrue(r.values()[0] >= 0.001 && r.values()[0] <= 0.1, "eta " + r.values()[0]);
        // 19 non-root tasks need 19 steps after the root's floor(f * 100): f > 0.81 is
        // infeasible and scored NaN (the worst), f below is a real run.
        boolean infeasible = 100 - Math.floor(r.values()[1] * 100) < 19;
        assertEquals(infeasible, Double.isNaN(r.objective()), "f " + r.values()[1]);
      }
      Tuner.Result best = results.stream().filter(r -> Double.isFinite(r.objective()))
          .min(Comparator.comparingDouble(Tuner.Result::objective)).orElseThrow();
      assertTrue(best.objective() > 0);
    } finally {
      tuning.release();
    }
  }
}
