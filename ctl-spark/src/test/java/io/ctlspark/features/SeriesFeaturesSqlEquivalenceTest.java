package io.ctlspark.features;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.EmptyTaskPolicy;
import io.ctlspark.data.NaiveScores;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.eval.SeasonalNaive;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link SeriesFeatures#fromLong} (per series in Java) against the way it was built before, with
 * Spark SQL window functions and aggregations ({@link SqlSeriesFeatures}): the same samples, bit
 * for bit, and the same gap report, on series with gaps, missing and non-finite values, rows out
 * of order across partitions, a DST change, horizon > 1, extra lags, both kinds of split and the
 * forecasts past the data; and on the real series in ../shared. Then the records and the
 * baselines' inputs built from them.
 */
class SeriesFeaturesSqlEquivalenceTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** SeriesFeaturesTest's spec: calendar features off unless set. */
  private static FeatureSpec spec(String... sets) {
    return SeriesFeaturesTest.spec(sets);
  }

  /**
   * Seven hourly series over ten days across London's autumn DST change, in UTC text with
   * offsets, shuffled over three partitions: hours left out at random (gaps), empty, NaN and
   * Inf values, values written in several spellings.
   */
  private static Dataset<Row> messySeries(long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    long start = Timestamps.parseMicros("2024-10-22 00:00:00", ZoneId.of("UTC"));
    for (int s = 0; s < 7; s++) {
      for (int i = 0; i < 240; i++) {
        if (rnd.nextDouble() < (s == 0 ? 0.0 : 0.04)) {
          continue;
        }
        double u = rnd.nextDouble();
        String v = u < 0.02 ? null : u < 0.03 ? "NaN" : u < 0.035 ? "Infinity"
            : u < 0.5 ? String.valueOf(100 + 50 * rnd.nextGaussian())
            : String.format("%.3e", 80 + 10 * rnd.nextGaussian());
        String t = Timestamps.format(start + i * 3_600_000_000L, ZoneId.of("UTC"));
        rows.add(RowFactory.create("s" + s, t, v));
      }
    }
    Collections.shuffle(rows, rnd);
    return spark.createDataFrame(rows, SeriesFeaturesTest.RAW).repartition(3);
  }

  @Test
  void samplesAndGapsEqualTheSqlWayBitForBit() {
    Dataset<Row> raw = messySeries(7);
    ZoneId zone = ZoneId.of("Europe/London");
    TimeSplit byTime = TimeSplit.from(CtlConfig.load(null, List.of(
        "ctl.split.train-end=2024-10-27 12:00", "ctl.split.validation-end=2024-10-29 00:00",
        "ctl.split.test-end=2024-10-31 00:00")), zone);
    TimeSplit byRows = TimeSplit.from(CtlConfig.load(null, List.of("ctl.split.train-rows=100",
        "ctl.split.validation-rows=20", "ctl.split.test-rows=30")), zone);
    FeatureSpec oneAhead = spec("ctl.features.lags=3", "ctl.features.calendar=true",
        "ctl.data.time-zone=Europe/London");
    FeatureSpec extra = spec("ctl.features.lags=2", "ctl.features.extra-lags=[5, 24]",
        "ctl.features.horizon=3", "ctl.features.calendar=true",
        "ctl.data.time-zone=Europe/London");
    FeatureSpec plain = spec("ctl.features.lags=4");
    int compared = assertSame(raw, oneAhead, null, false)
        + assertSame(raw, oneAhead, byTime, true)
        + assertSame(raw, extra, byRows, false)
        + assertSame(raw, extra, byTime, false)
        + assertSame(raw, extra, null, true)
        + assertSame(raw, plain, byRows, true);
    assertTrue(compared > 4_000, "compared " + compared + " samples");
    // Every count of the report is exercised.
    FeatureTable t = SeriesFeatures.fromLong(raw, "t", plain, null, false, 3);
    assertTrue(t.gaps().stream().anyMatch(g -> g.gaps() > 0 && g.missingSteps() > 0
        && g.droppedSamples() > 0 && g.missingValues() > 0), t.gaps().toString());
    t.release();
  }

  @Test
  void theRealSeriesGiveTheSameSamples() {
    Path shared = TestSpark.sharedDir();
    assumeTrue(shared != null, "../shared is absent: skipping the real-data comparison");
    Dataset<Row> raw = spark.read().option("header", "true")
        .csv(shared.resolve("data/ecl_uci_hourly/series.csv.gz").toString())
        .filter("series_id < 'ecl_005'");
    // conf/ecl-series-forecast.conf's features and split.
    FeatureSpec spec = spec("ctl.features.lags=48", "ctl.features.extra-lags=[168]",
        "ctl.features.calendar=true", "ctl.data.time-zone=UTC");
    TimeSplit split = TimeSplit.from(CtlConfig.load(null, List.of(
        "ctl.split.train-end=2012-01-29 23:00:00", "ctl.split.validation-end=2012-02-01 23:00:00",
        "ctl.split.test-end=2012-02-08 23:00:00")), ZoneId.of("UTC"));
    assertTrue(assertSame(raw, spec, split, false) > 4_000);
  }

  /**
   * Training records straight from the series' sample arrays against the records the samples'
   * DataFrame gives through the general builder (how a long-layout run loaded before), with the
   * forecasts past the data in the test split (no label: dropped and counted); and the seasonal
   * naive scores from the arrays against those from the DataFrame.
   */
  @Test
  void recordsAndNaiveScoresFromTheArraysEqualThoseFromTheDataFrame() {
    Dataset<Row> raw = messySeries(3);
    FeatureSpec spec = spec("ctl.features.lags=3", "ctl.features.extra-lags=[6]",
        "ctl.features.calendar=true", "ctl.data.time-zone=Europe/London");
    TimeSplit split = TimeSplit.from(CtlConfig.load(null, List.of("ctl.split.train-rows=60")),
        ZoneId.of("UTC"));
    FeatureTable t = SeriesFeatures.fromLong(raw, "t", spec, split, true, 3);
    TaskDatasetBuilder b = new TaskDatasetBuilder(new TaskColumns(t.taskCol(), t.labelCol(),
        t.features(), ""), EmptyTaskPolicy.FAIL, false, 3, SeriesFeatures.TIME);
    Dataset<Row> rows = t.rows();
    TaskDataset before = b.build(rows.filter(col(SeriesFeatures.SPLIT).equalTo(TimeSplit.TRAIN)),
        "train", rows.filter(col(SeriesFeatures.SPLIT).equalTo(TimeSplit.TEST)), "test");
    TaskDataset now = b.buildFromSeries(t, TimeSplit.TEST, "train", "test");
    assertEquals(List.of(before.taskIds()), List.of(now.taskIds()));
    // The forecasts past the data of the series whose last hours have no gap.
    assertTrue(now.droppedRows() > 0);
    assertEquals(before.droppedRows(), now.droppedRows());
    List<TaskRecord> e = new ArrayList<>(before.records().collect());
    List<TaskRecord> a = new ArrayList<>(now.records().collect());
    e.sort(Comparator.comparingInt(TaskRecord::index));
    a.sort(Comparator.comparingInt(TaskRecord::index));
    assertEquals(7, a.size());
    for (int i = 0; i < e.size(); i++) {
      assertTrue(e.get(i).sameAs(a.get(i)), "task " + e.get(i).id());
    }
    SeasonalNaive.Series fromRows = SeasonalNaive.Series.of(SeasonalNaive.scoredRows(
        rows.select(col(t.taskCol()), col(SeriesFeatures.TIME), col(t.labelCol()),
            col(SeriesFeatures.SPLIT)).toDF(SeasonalNaive.TASK, SeasonalNaive.TIME,
            SeasonalNaive.VALUE, SeasonalNaive.SPLIT)), observed(raw, spec));
    String[] names = {"daily", "weekly"};
    int[] periods = {24, 168};
    NaiveScores[] x = SeasonalNaive.score(names, periods, 1, spec.intervalMicros, fromRows,
        now.taskIds());
    NaiveScores[] y = SeasonalNaive.score(names, periods, 1, spec.intervalMicros,
        SeasonalNaive.Series.ofSamples(t), now.taskIds());
    for (int p = 0; p < 2; p++) {
      assertArrayEquals(x[p].testRows(), y[p].testRows());
      assertArrayEquals(x[p].testSse(), y[p].testSse());
      assertArrayEquals(x[p].inSampleSae(), y[p].inSampleSae());
      assertArrayEquals(x[p].testUndefined(), y[p].testUndefined());
    }
    assertTrue(Arrays.stream(y[0].testRows()).sum() > 100, Arrays.toString(y[0].testRows()));
    before.release();
    now.release();
    t.release();
  }

  /**
   * The raw table's finite values as the seasonal naive looks back at them, (series, {time,
   * raw bits of the value}), read with Spark SQL (the SQL reference's parse), not from the
   * series' arrays.
   */
  private static JavaPairRDD<String, long[]> observed(Dataset<Row> raw, FeatureSpec spec) {
    return SeriesFeatures.parsed(raw, "t", spec).filter(SeriesFeatures.isFinite(col("_v")))
        .select("_s", SeriesFeatures.TIME, "_v").toJavaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0),
            new long[] {r.getLong(1), Double.doubleToRawLongBits(r.getDouble(2))}));
  }

  /** Both ways on one input; returns how many samples were compared. */
  private static int assertSame(Dataset<Row> raw, FeatureSpec spec, TimeSplit split,
      boolean ahead) {
    FeatureTable ours = SeriesFeatures.fromLong(raw, "t", spec, split, ahead, 3);
    SqlSeriesFeatures theirs = SqlSeriesFeatures.fromLong(raw, "t", spec, split, ahead);
    String what = spec.longFeatures() + ", split " + split + ", ahead " + ahead;
    assertEquals(theirs.gaps, ours.gaps(), what);
    List<String> a = bits(theirs.samples);
    List<String> b = bits(ours.rows());
    assertEquals(a.size(), b.size(), what);
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), what);
    }
    ours.release();
    return a.size();
  }

  /** Each sample as text holding every value's exact bits, sorted by series and time. */
  private static List<String> bits(Dataset<Row> samples) {
    List<String> out = new ArrayList<>();
    for (Row r : samples.collectAsList()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        b.append(samples.columns()[i]).append('=').append(v instanceof Double d
            ? d + "/" + Long.toHexString(Double.doubleToRawLongBits(d)) : v).append(' ');
      }
      out.add(b.toString());
    }
    Collections.sort(out);
    return out;
  }
}
