package io.ctlspark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The experiment grid: cells, shared runs, concurrency that changes nothing, the tables. */
class ExperimentGridSparkTest {
  private static SparkSession spark;
  private static TaskDataset data;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    SyntheticTasks gen = SyntheticTasks.clustered(24, 4, 30, 10, 3, 2.0, 6.0, 1.0, 5);
    data = new TrainingRun(spark, 2).load(gen.table(spark, false, 2), "train",
        gen.table(spark, true, 2), "test", io.ctlspark.run.RunSpec.from(config()));
  }

  @AfterAll
  static void stop() {
    data.release();
    spark.stop();
  }

  private static CtlConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("ctl.data.task-col=task", "ctl.data.label-col=y",
        "ctl.experiment.methods=[indiv, star, mst-model]", "ctl.experiment.budgets=[120]",
        "ctl.experiment.seed-fractions=[0.1, 0.5]", "ctl.experiment.repeats=2",
        "ctl.train.eta=0.05"));
    all.addAll(List.of(sets));
    return CtlConfig.load(null, all);
  }

  @Test
  void runsEveryCellOnceWhateverTheParallelism() {
    ExperimentGrid grid = new ExperimentGrid(config());
    assertEquals(3 * 2 * 2, grid.cells().size());
    List<ExperimentRunner.Outcome> one = new ExperimentRunner(SparkRuntime.of(spark), 2, 1)
        .run(data, grid.cells());
    List<ExperimentRunner.Outcome> two = new ExperimentRunner(SparkRuntime.of(spark), 2, 2)
        .run(data, grid.cells());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).rmseMean(), two.get(i).rmseMean(), 0.0, "cell " + i);
      assertEquals(one.get(i).stepsUsed(), two.get(i).stepsUsed());
    }
    // indiv does not use the seed fraction: one run per repeat, reported under both.
    List<ExperimentRunner.Outcome> indiv = one.stream()
        .filter(o -> o.cell().method().equals("indiv") && o.cell().repeat() == 0).toList();
    assertEquals(2, indiv.size());
    assertEquals(indiv.get(0).rmseMean(), indiv.get(1).rmseMean(), 0.0);
    // Repeats differ by seed, so a star's repeats differ.
    List<ExperimentRunner.Outcome> star = one.stream()
        .filter(o -> o.cell().method().equals("star") && o.cell().seedFraction() == 0.1)
        .toList();
    assertTrue(star.get(0).rmseMean() != star.get(1).rmseMean());

    List<ExperimentTables.Summary> summary = ExperimentTables.summarise(one);
    assertEquals(6, summary.size());
    ExperimentTables.Summary s = summary.stream().filter(x -> x.method().equals("star")
        && x.seedFraction() == 0.1).findFirst().orElseThrow();
    double a = star.get(0).rmseMean();
    double b = star.get(1).rmseMean();
    assertEquals((a + b) / 2, s.rmseMean(), 1e-12);
    // Population std of two values is |a - b| / 2; the standard error divides by sqrt 2.
    assertEquals(Math.abs(a - b) / 2 / Math.sqrt(2), s.rmseSe(), 1e-12);
    String csv = ExperimentTables.resultsCsv(summary);
    assertTrue(csv.startsWith("method,budget,eta,seed_fraction,repeats,rmse_mean,rmse_se,"
        + "mse_mean,mse_se,steps_used,row_gradients,train_seconds,skill_naive_daily,"
        + "skill_naive_weekly,skill_ridge,skill_global_gbt,mase\n"), csv);
    // Generated tables have no baselines: the skill columns are empty, not zero.
    assertTrue(csv.lines().skip(1).allMatch(l -> l.endsWith(",,,,,")), csv);
    assertEquals(7, csv.lines().count());
    ExperimentTables.Summary best = summary.stream().filter(x -> x.seedFraction() == 0.5)
        .min((x, y) -> Double.compare(x.rmseMean(), y.rmseMean())).orElseThrow();
    String tex = ExperimentTables.latex(summary);
    assertTrue(tex.contains("\\textbf{" + String.format(Locale.ROOT, "%.1f $\\pm$ %.1f",
        best.rmseMean(), best.rmseSe()) + "}"), tex);
    assertEquals(2, tex.split("\\\\underline\\{", -1).length - 1, tex);
  }

  @Test
  void badGridsAreNamed() {
    BadInputException e = assertThrows(BadInputException.class, () -> new ExperimentGrid(
        config("ctl.experiment.methods=[star, mst-cosine]")));
    assertTrue(e.getMessage().contains("mst-cosine") || e.getMessage().contains("cosine"),
        e.getMessage());
    e = assertThrows(BadInputException.class, () -> new ExperimentGrid(
        config("ctl.experiment.methods=[ladder]")));
    assertTrue(e.getMessage().contains("unknown method 'ladder'"), e.getMessage());
    e = assertThrows(BadInputException.class, () -> new ExperimentGrid(
        config("ctl.experiment.budgets=[10.5]")));
    assertTrue(e.getMessage().contains("ctl.experiment.budgets"), e.getMessage());
  }
}
