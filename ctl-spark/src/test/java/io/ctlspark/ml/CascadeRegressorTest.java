package io.ctlspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CascadeRegressor inside Spark ML: Pipeline, save and load, unknown tasks. */
class CascadeRegressorTest {
  private static SparkSession spark;
  private static Dataset<Row> table;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
    SyntheticTasks gen = SyntheticTasks.clustered(30, 4, 40, 10, 3, 2.0, 6.0, 1.0, 11);
    table = gen.table(spark, false, 2).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Pipeline pipeline(CascadeRegressor ctl) {
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("features");
    return new Pipeline().setStages(new PipelineStage[] {assembler, ctl});
  }

  static CascadeRegressor regressor() {
    return new CascadeRegressor().setTaskCol("task").setLabelCol("y").setBudget(300)
        .setEta(0.05).setDistance("model");
  }

  @Test
  void fitsLikeTheLibraryAndSurvivesSaveAndLoadInsideAPipeline() throws Exception {
    PipelineModel fitted = pipeline(regressor()).fit(table);
    Dataset<Row> scored = fitted.transform(table).cache();
    // The same run through the library API: same settings, same mean MSE on these rows.
    RunSpec s = RunSpec.from(CtlConfig.load(null, List.of("ctl.data.task-col=task",
        "ctl.data.label-col=y", "ctl.train.budget=300", "ctl.train.eta=0.05",
        "ctl.tree.distance=model")));
    TrainingRun run = new TrainingRun(spark, 0);
    TaskDataset data = run.load(table, "t", table, "t", s);
    RunResult direct = run.train(data, s, new PhaseTimer());
    data.release();
    double mse = scored.selectExpr("task", "(prediction - y) * (prediction - y) as se")
        .groupBy("task").avg("se").selectExpr("avg(`avg(se)`)").first().getDouble(0);
    assertEquals(direct.metrics.mseMean(), mse, 1e-9 * mse);

    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    List<Row> again = PipelineModel.load(path).transform(table).select("task", "prediction")
        .orderBy("task", "x0").collectAsList();
    assertEquals(scored.select("task", "prediction").orderBy("task", "x0").collectAsList(),
        again);
    String estimator = dir.resolve("estimator").toString();
    regressor().write().save(estimator);
    CascadeRegressor read = CascadeRegressor.load(estimator);
    assertEquals(300L, read.getOrDefault(read.budget()));
    assertEquals("model", read.getOrDefault(read.distance()));
  }

  @Test
  void aDamagedModelStoreIsRefusedNamingTheFile() throws Exception {
    CascadeRegressionModel model = regressor().fit(new VectorAssembler()
        .setInputCols(new String[] {"x0", "x1", "x2", "x3"}).setOutputCol("features")
        .transform(table));
    String path = dir.resolve("damaged").toString();
    model.write().save(path);
    java.nio.file.Path data = dir.resolve("damaged/data");
    java.nio.file.Path part;
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(data)) {
      part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow();
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(part);
    bytes[bytes.length / 2] ^= 1;
    java.nio.file.Files.write(part, bytes);
    java.nio.file.Files.deleteIfExists(data.resolve("." + part.getFileName() + ".crc"));
    io.ctlspark.BadInputException e = assertThrows(io.ctlspark.BadInputException.class,
        () -> CascadeRegressionModel.load(path));
    assertTrue(e.getMessage().contains("data/ is damaged: " + part.getFileName()
        + " has changed"), e.getMessage());
  }

  @Test
  void anUnknownTaskIsAnErrorNamingIt() {
    PipelineModel fitted = pipeline(regressor()).fit(table.filter("task != 'task_00007'"));
    Exception e = assertThrows(Exception.class, () -> fitted.transform(table).collect());
    assertTrue(String.valueOf(e.getMessage()).contains("task 'task_00007' has no trained model")
        || String.valueOf(e.getCause()).contains("task_00007"), String.valueOf(e));
  }
}
