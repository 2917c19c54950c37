package io.ctlspark.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.InputFingerprint;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.features.Timestamps;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw series -> train -> run folder -> predict: stored models reproduce the training run's test
 * predictions bit for bit, and predict refuses what it cannot score.
 */
class PredictRoundTripTest {
  private static final int HOURS = 240;
  private static final String TRAIN_END = "2024-01-08 11:00";
  private static SparkSession spark;
  @TempDir
  static Path dir;
  private static Path series;
  private static String run;
  private static Map<String, Double> trainedMse;

  @BeforeAll
  static void trainOnce() throws IOException {
    spark = TestSpark.start("local[2]");
    series = dir.resolve("series.csv");
    Files.writeString(series, seriesCsv(List.of("a", "b", "c", "d")));
    run = dir.resolve("store/run-7").toString();
    CtlConfig c = config("ctl.run-id=run-7");
    RunSpec s = RunSpec.from(c);
    TrainingRun training = new TrainingRun(spark, 2);
    TaskDataset data = training.load(s);
    RunResult r = training.train(data, s, new PhaseTimer());
    assertEquals(run, RunOutput.folder(c));
    new RunOutput(spark.sparkContext(), run, false).write(r, c.renderJson(), "test", List.of(
        InputFingerprint.of(spark.sparkContext().hadoopConfiguration(), "ctl.data.series",
            series.toString())));
    trainedMse = new HashMap<>();
    for (String line : Files.readAllLines(Path.of(run, "per_task.csv")).subList(1, 5)) {
      String[] f = line.split(",");
      trainedMse.put(f[0], Double.parseDouble(f[6]));
    }
    data.release();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static CtlConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of("ctl.data.layout=long",
        "ctl.data.series=" + series, "ctl.data.time-col=timestamp", "ctl.features.lags=24",
        "ctl.split.train-end=" + TRAIN_END, "ctl.train.budget=400", "ctl.train.eta=0.05",
        "ctl.output=" + dir.resolve("store"), "ctl.tree.distance=model"));
    all.addAll(List.of(sets));
    return CtlConfig.load(null, all);
  }

  /** Hourly series from 2024-01-01 00:00 UTC: a daily cycle whose size differs by series. */
  private static String seriesCsv(List<String> ids) {
    StringBuilder sb = new StringBuilder("series_id,timestamp,value\n");
    for (String id : ids) {
      String like = id.equals("z") ? "c" : id;
      SplittableRandom rng = new SplittableRandom(like.charAt(0));
      double level = 100 + 10 * (like.charAt(0) - 'a');
      double amp = 5 + 3 * (like.charAt(0) - 'a');
      for (int h = 0; h < HOURS; h++) {
        double v = level + amp * Math.sin(2 * Math.PI * h / 24) + rng.nextGaussian();
        sb.append(id).append(',').append(String.format("2024-01-%02d %02d:00:00", 1 + h / 24,
            h % 24)).append(',').append(Math.round(v * 100) / 100.0).append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void storedModelsReproduceTheTrainingRunsTestPredictionsBitForBit() {
    String out = dir.resolve("forecasts").toString();
    BatchPredictor.Summary s = new BatchPredictor(spark).predict(run, series.toString(), out,
        List.of(), false);
    // Every target from hour 24 on, plus one forecast past the end, for each of 4 series.
    assertEquals(4L * (HOURS - 24 + 1), s.predictions());
    assertTrue(Files.exists(Path.of(out, "_SUCCESS")));
    assertTrue(Files.isDirectory(Path.of(out, "date=2024-01-10")));
    long trainEnd = Timestamps.parseMicros(TRAIN_END, ZoneId.of("UTC"));
    Map<String, double[]> se = new HashMap<>();
    for (Row r : spark.read().parquet(out).orderBy("series_id", "timestamp").collectAsList()) {
      String id = r.getString(r.fieldIndex("series_id"));
      assertFalse(r.getBoolean(r.fieldIndex("fallback")));
      assertEquals(1, r.getInt(r.fieldIndex("horizon")));
      long t = r.getTimestamp(r.fieldIndex("timestamp")).getTime() * 1000;
      if (t <= trainEnd || r.isNullAt(r.fieldIndex("actual"))) {
        continue;
      }
      double err = r.getDouble(r.fieldIndex("prediction")) - r.getDouble(r.fieldIndex("actual"));
      double[] acc = se.computeIfAbsent(id, k -> new double[2]);
      acc[0] += err * err;
      acc[1]++;
    }
    for (String id : List.of("a", "b", "c", "d")) {
      // Same rows, same order, same arithmetic: equal as doubles, not merely close.
      assertEquals(trainedMse.get(id), se.get(id)[0] / se.get(id)[1], 0.0, id);
    }
  }

  @Test
  void anUnknownSeriesFailsByDefaultAndBorrowsTheNearestModelWhenAsked() throws IOException {
    Path withNew = dir.resolve("with-new.csv");
    Files.writeString(withNew, seriesCsv(List.of("a", "z")));
    String out = dir.resolve("forecasts-z").toString();
    BadInputException e = assertThrows(BadInputException.class, () -> new BatchPredictor(spark)
        .predict(run, withNew.toString(), out, List.of(), false));
    assertTrue(e.getMessage().contains("series 'z' has no trained model"), e.getMessage());
    assertFalse(Files.exists(Path.of(out)));
    // z is a copy of c: its nearest trained task by the model distance is c (not at distance 0:
    // z is measured on all of its samples here, c on its training samples).
    BatchPredictor.Summary s = new BatchPredictor(spark).predict(run, withNew.toString(), out,
        List.of("ctl.predict.unknown-series=nearest"), false);
    assertEquals(Map.of("z", "c"), s.fallbacks());
    List<Row> z = spark.read().parquet(out).filter("series_id = 'z'").collectAsList();
    assertEquals(HOURS - 24 + 1, z.size());
    assertTrue(z.stream().allMatch(r -> r.getBoolean(r.fieldIndex("fallback"))
        && r.getString(r.fieldIndex("model_task")).equals("c")));
  }

  @Test
  void tuningOnRawSeriesValidatesOnTheValidationRangeWhenThereIsOne() {
    CtlConfig withRange = config("ctl.split.validation-end=2024-01-09 11:00");
    TaskDataset tuning = new TrainingRun(spark, 2).loadTimeValidation(RunSpec.from(withRange));
    try {
      // Targets after train-end (2024-01-08 11:00) up to 2024-01-09 11:00: 24 hourly samples.
      for (int v = 0; v < tuning.taskCount(); v++) {
        assertEquals(24, tuning.testRows(v));
        // Training targets from hour 24 (the first with 24 lags) to hour 179 (train-end).
        assertEquals(179 - 24 + 1, tuning.trainRows(v));
      }
    } finally {
      tuning.release();
    }
    CtlConfig without = config();
    assertEquals(null, new TrainingRun(spark, 2).loadTimeValidation(RunSpec.from(without)));
  }

  /**
   * train with tuning reads the series once for its data and its tuning view: the same records
   * (and baselines) as loading each on its own.
   */
  @Test
  void oneReadGivesTheRunsDataAndItsTuningViewAsTwoLoadsDo() {
    RunSpec s = RunSpec.from(config("ctl.split.validation-end=2024-01-09 11:00"));
    TrainingRun run = new TrainingRun(spark, 2);
    TrainingRun.Loaded both = run.loadWithTimeValidation(s);
    TaskDataset data = run.load(s);
    TaskDataset tuning = run.loadTimeValidation(s);
    try {
      assertSameRecords(data, both.data());
      assertSameRecords(tuning, both.timeValidation());
      assertTrue(Arrays.equals(data.baselines().daily().testSse(),
          both.data().baselines().daily().testSse()), "the naive's scores");
      assertTrue(Arrays.equals(data.baselines().ridge().rmse(),
          both.data().baselines().ridge().rmse()), "the ridge's scores");
    } finally {
      both.data().release();
      both.timeValidation().release();
      data.release();
      tuning.release();
    }
    TrainingRun.Loaded none = run.loadWithTimeValidation(RunSpec.from(config()));
    assertEquals(null, none.timeValidation(), "no validation range, no tuning view");
    none.data().release();
  }

  private static void assertSameRecords(TaskDataset expected, TaskDataset got) {
    List<TaskRecord> a = new ArrayList<>(expected.records().collect());
    List<TaskRecord> b = new ArrayList<>(got.records().collect());
    a.sort(Comparator.comparingInt(TaskRecord::index));
    b.sort(Comparator.comparingInt(TaskRecord::index));
    assertEquals(a.size(), b.size());
    for (int v = 0; v < a.size(); v++) {
      assertTrue(a.get(v).sameAs(b.get(v)), "task " + a.get(v).id());
    }
  }

  @Test
  void refusesAFolderThatIsNotARunAndDataWithoutTheColumns() throws IOException {
    Path notRun = Files.createDirectories(dir.resolve("not-a-run"));
    String out = dir.resolve("never").toString();
    BadInputException e = assertThrows(BadInputException.class, () -> new BatchPredictor(spark)
        .predict(notRun.toString(), series.toString(), out, List.of(), false));
    assertTrue(e.getMessage().contains("is not a ctl-spark run folder"), e.getMessage());
    Path noValue = dir.resolve("no-value.csv");
    Files.writeString(noValue, "series_id,timestamp\na,2024-01-01 00:00\n");
    e = assertThrows(BadInputException.class, () -> new BatchPredictor(spark)
        .predict(run, noValue.toString(), out, List.of(), false));
    assertTrue(e.getMessage().contains("missing column 'value'")
        && e.getMessage().contains("no-value.csv"), e.getMessage());
    assertFalse(Files.exists(Path.of(out)));
  }
}
