package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract of a training method ({@link io.ctlspark.method.TrainingMethod}), run whole on
 * Spark: the steps planned and the steps counted by the accumulator never exceed the budget, no
 * task uses more steps than planned, every task gets finite parameters, and a second run gives the
 * same parameters bit for bit. Every {@link Method} has a subclass, and so does the pooled root
 * rule (ContractCoverageTest checks the registry).
 */
public abstract class MethodContract {
  private static SparkSession spark;
  private static TaskDataset data;
  private static final long BUDGET = 200;

  /** The method's settings, on top of the budget and learning rate. */
  protected abstract List<String> settings();

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    data = RunFixtures.load(spark,
        SyntheticTasks.clustered(30, 4, 20, 10, 3, 2.0, 6.0, 1.0, 8), 3);
  }

  @AfterAll
  static void stop() {
    data.release();
    spark.stop();
  }

  private RunResult train() {
    List<String> sets = new ArrayList<>(settings());
    sets.add("ctl.train.budget=" + BUDGET);
    sets.add("ctl.train.eta=0.05");
    return RunFixtures.train(spark, data, 3, sets.toArray(new String[0]));
  }

  @Test
  void keepsTheBudgetTrainsEveryTaskAndIsDeterministic() {
    RunResult r = train();
    assertTrue(r.stepsPlanned <= BUDGET, "planned " + r.stepsPlanned);
    assertTrue(r.trained.stepsCounted() <= BUDGET, "counted " + r.trained.stepsCounted());
    int[] used = r.trained.stepsUsed();
    double[][] params = r.trained.parameters();
    assertEquals(data.taskCount(), params.length);
    for (int v = 0; v < params.length; v++) {
      assertTrue(used[v] <= r.stepsPlannedPerTask[v] || r.stepsPlannedPerTask[v] == 0,
          "task " + v + " used " + used[v] + " of " + r.stepsPlannedPerTask[v]);
      for (double p : params[v]) {
        assertTrue(Double.isFinite(p), "task " + v);
      }
    }
    double[][] again = train().trained.parameters();
    for (int v = 0; v < params.length; v++) {
      assertArrayEquals(params[v], again[v], 0.0, "task " + v);
    }
  }
}
