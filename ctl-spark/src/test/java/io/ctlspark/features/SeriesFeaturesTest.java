package io.ctlspark.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Samples from raw series, checked against rows worked out by hand. */
class SeriesFeaturesTest {
  static final StructType RAW = new StructType()
      .add("series_id", DataTypes.StringType).add("timestamp", DataTypes.StringType)
      .add("value", DataTypes.StringType);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static FeatureSpec spec(String... sets) {
    List<String> all = new ArrayList<>(List.of("ctl.data.layout=long",
        "ctl.data.time-col=timestamp", "ctl.features.calendar=false"));
    all.addAll(List.of(sets));
    return FeatureSpec.from(CtlConfig.load(null, all));
  }

  /** Series id, then (timestamp, value) pairs. */
  private static Dataset<Row> table(String[]... rows) {
    List<Row> out = new ArrayList<>();
    for (String[] r : rows) {
      out.add(RowFactory.create((Object[]) r));
    }
    return spark.createDataFrame(out, RAW);
  }

  /** Hourly values of one series from 2024-01-01 00:00 UTC; null leaves the hour out. */
  private static List<String[]> hourly(String id, Double... values) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.add(new String[] {id, String.format("2024-01-01 %02d:00:00", i),
            String.valueOf(values[i])});
      }
    }
    return out;
  }

  private static Dataset<Row> table(List<String[]> rows) {
    return table(rows.toArray(new String[0][]));
  }

  /** target hour -> [label, lag_1, lag_2, ...] */
  private static Map<Integer, double[]> samples(FeatureTable t, int lags) {
    return samples(t.rows(), lags);
  }

  private static Map<Integer, double[]> samples(Dataset<Row> rows, int lags) {
    Map<Integer, double[]> out = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      long micros = r.getLong(r.fieldIndex(SeriesFeatures.TIME));
      int hour = (int) ((micros - Timestamps.parseMicros("2024-01-01 00:00", ZoneId.of("UTC")))
          / 3_600_000_000L);
      double[] v = new double[lags + 1];
      v[0] = r.getDouble(r.fieldIndex("value"));
      for (int k = 1; k <= lags; k++) {
        v[k] = r.getDouble(r.fieldIndex("lag_" + k));
      }
      out.put(hour, v);
    }
    return out;
  }

  @Test
  void lagsEndOneHorizonBeforeTheTarget() {
    Dataset<Row> raw = table(hourly("a", 10.0, 11.0, 12.0, 13.0, 14.0, 15.0));
    Map<Integer, double[]> h1 = samples(SeriesFeatures.fromLong(raw, "t", spec(
        "ctl.features.lags=2"), null, false, 2), 2);
    // Targets 2..5: the first two hours have no two earlier values (series start).
    assertEquals(4, h1.size());
    assertEquals(List.of(12.0, 11.0, 10.0), List.of(h1.get(2)[0], h1.get(2)[1], h1.get(2)[2]));
    assertEquals(List.of(15.0, 14.0, 13.0), List.of(h1.get(5)[0], h1.get(5)[1], h1.get(5)[2]));
    Map<Integer, double[]> h3 = samples(SeriesFeatures.fromLong(raw, "t", spec(
        "ctl.features.lags=2", "ctl.features.horizon=3"), null, false, 2), 2);
    // Horizon 3: lag_1 is the value 3 hours before the target, lag_2 4 hours before.
    assertEquals(2, h3.size());
    assertEquals(List.of(14.0, 11.0, 10.0), List.of(h3.get(4)[0], h3.get(4)[1], h3.get(4)[2]));
    assertEquals(List.of(15.0, 12.0, 11.0), List.of(h3.get(5)[0], h3.get(5)[1], h3.get(5)[2]));
  }

  @Test
  void extraLagsReachFurtherBackWithoutTheLagsBetween() {
    Dataset<Row> raw = table(hourly("a", 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0));
    FeatureTable t = SeriesFeatures.fromLong(raw, "t", spec("ctl.features.lags=1",
        "ctl.features.extra-lags=[4]", "ctl.features.horizon=2"), null, false, 2);
    assertEquals(List.of("lag_1", "lag_4"), t.features());
    // Horizon 2: lag_1 is 2 hours before the target, lag_4 5 hours before; the first sample's
    // target is hour 5.
    Map<Integer, double[]> byHour = new HashMap<>();
    for (Row r : t.rows().collectAsList()) {
      int hour = (int) ((r.getLong(r.fieldIndex(SeriesFeatures.TIME))
          - Timestamps.parseMicros("2024-01-01 00:00", ZoneId.of("UTC"))) / 3_600_000_000L);
      byHour.put(hour, new double[] {r.getDouble(r.fieldIndex("value")),
          r.getDouble(r.fieldIndex("lag_1")), r.getDouble(r.fieldIndex("lag_4"))});
    }
    assertEquals(List.of(5, 6), byHour.keySet().stream().sorted().toList());
    assertEquals(List.of(15.0, 13.0, 10.0), List.of(byHour.get(5)[0], byHour.get(5)[1],
        byHour.get(5)[2]));
    assertEquals(List.of(16.0, 14.0, 11.0), List.of(byHour.get(6)[0], byHour.get(6)[1],
        byHour.get(6)[2]));
    t.release();
    // Too short for one sample: the message names both settings.
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> SeriesFeatures.fromLong(table(hourly("a", 1.0, 2.0, 3.0, 4.0, 5.0)), "t",
            spec("ctl.features.lags=1", "ctl.features.extra-lags=[4]",
                "ctl.features.horizon=2"), null, false, 2));
    String message = e.message(Setting::key);
    assertTrue(message.contains("has 5 observed values; ctl.features.lags = 1 and "
        + "ctl.features.extra-lags = [4] with ctl.features.horizon = 2 need at least 6"),
        message);
    // Not above lags, or not ascending: refused.
    for (String bad : List.of("[1]", "[5, 3]", "[x]")) {
      assertThrows(BadInputException.class, () -> spec("ctl.features.lags=2",
          "ctl.features.extra-lags=" + bad), bad);
    }
  }

  @Test
  void forecastsPastTheLastTimestampHaveNoLabel() {
    Dataset<Row> raw = table(hourly("a", 10.0, 11.0, 12.0, 13.0));
    List<Row> rows = SeriesFeatures.fromLong(raw, "t", spec("ctl.features.lags=2",
        "ctl.features.horizon=2"), null, true, 2).rows()
        .orderBy(SeriesFeatures.TIME).collectAsList();
    // Targets 3 (observed), 4 and 5 (past the data: lags 12/11 and 13/12).
    assertEquals(3, rows.size());
    Row last = rows.get(2);
    assertTrue(last.isNullAt(last.fieldIndex("value")));
    assertEquals(13.0, last.getDouble(last.fieldIndex("lag_1")));
    assertEquals(12.0, last.getDouble(last.fieldIndex("lag_2")));
  }

  @Test
  void samplesWhoseLagsSpanAGapAreDroppedAndReported() {
    // Hour 3 missing: targets 3 and 4 (lags reach hour 3) and 5 (lag_2 = hour 3) need it.
    List<String[]> rows = hourly("a", 1.0, 2.0, 3.0, null, 5.0, 6.0, 7.0, 8.0);
    rows.addAll(hourly("b", 1.0, 2.0, 3.0, 4.0));
    FeatureTable t = SeriesFeatures.fromLong(table(rows), "t", spec("ctl.features.lags=2"), null,
        false, 2);
    Map<Integer, double[]> a = samples(t.rows().filter("series_id = 'a'"), 2);
    assertEquals(List.of(2, 6, 7), a.keySet().stream().sorted().toList());
    assertEquals(List.of(new SeriesGaps("a", 1, 1, 2, 0)), t.gaps());
    t.release();
  }

  @Test
  void theSeriesWithSamplesAreFoundWithoutBuildingThem() {
    // lags 2, horizon 1: a target needs the 2 hours before it. a: a gap, targets after it; b: 4
    // hours; c: hours 0, 2, 3, a target only past its data (hour 4); d: hours 0, 2, 4, none.
    List<String[]> rows = hourly("a", 1.0, 2.0, 3.0, null, 5.0, 6.0, 7.0);
    rows.addAll(hourly("b", 1.0, 2.0, 3.0, 4.0));
    rows.addAll(hourly("c", 1.0, null, 3.0, 4.0));
    rows.addAll(hourly("d", 1.0, null, 3.0, null, 5.0));
    for (boolean ahead : new boolean[] {false, true}) {
      FeatureTable t = SeriesFeatures.fromLong(table(rows), "t", spec("ctl.features.lags=2"),
          null, ahead, 2);
      List<String> built = t.samples().filter(x -> x.size() > 0).map(x -> x.series).collect()
          .stream().sorted().toList();
      assertEquals(ahead ? List.of("a", "b", "c") : List.of("a", "b"), built, "ahead " + ahead);
      assertEquals(built, t.seriesWithSamples().collect().stream().sorted().toList(),
          "ahead " + ahead);
      t.release();
    }
  }

  @Test
  void aGapFailsWhenConfiguredNamingSeriesAndWhere() {
    Dataset<Row> raw = table(hourly("m1", 1.0, 2.0, 3.0, null, 5.0, 6.0));
    BadInputException e = assertThrows(BadInputException.class, () -> SeriesFeatures.fromLong(
        raw, "ctl.data.series (x.csv)", spec("ctl.features.lags=2", "ctl.features.gaps=fail"),
        null, false, 2));
    assertTrue(e.getMessage().contains("'m1'") && e.getMessage().contains("2024-01-01T02:00Z")
        && e.getMessage().contains("2024-01-01T04:00Z"), e.getMessage());
  }

  @Test
  void calendarFeaturesAreTakenAtTheTargetInTheConfiguredZone() {
    // Europe/London: clocks go forward at 01:00 UTC on 2024-03-31 and back at 01:00 UTC on
    // 2024-10-27. The instants are hourly (no gap); local hours skip 1 and repeat 1.
    Dataset<Row> raw = table(
        new String[] {"s", "2024-03-30T23:00:00Z", "1"},
        new String[] {"s", "2024-03-31T00:00:00Z", "2"},
        new String[] {"s", "2024-03-31T01:00:00Z", "3"},
        new String[] {"s", "2024-03-31T02:00:00Z", "4"},
        new String[] {"w", "2024-10-26T23:00:00Z", "1"},
        new String[] {"w", "2024-10-27T00:00:00Z", "2"},
        new String[] {"w", "2024-10-27T01:00:00Z", "3"},
        new String[] {"w", "2024-10-27T02:00:00Z", "4"});
    FeatureTable t = SeriesFeatures.fromLong(raw, "t", spec("ctl.features.lags=1",
        "ctl.features.calendar=true", "ctl.data.time-zone=Europe/London"), null, false, 2);
    assertEquals(List.of(), t.gaps());
    Map<String, double[]> byTarget = new HashMap<>();
    for (Row r : t.rows().collectAsList()) {
      byTarget.put(r.getString(0) + r.getDouble(r.fieldIndex("value")), new double[] {
          r.getDouble(r.fieldIndex("hour")), r.getDouble(r.fieldIndex("dayofweek")),
          r.getDouble(r.fieldIndex("hour_sin")), r.getDouble(r.fieldIndex("dow_cos"))});
    }
    // Spring: 00:00Z is 00:00 GMT (Sunday = 6); 01:00Z is 02:00 BST; 02:00Z is 03:00 BST.
    assertCalendar(byTarget.get("s2.0"), 0, 6);
    assertCalendar(byTarget.get("s3.0"), 2, 6);
    assertCalendar(byTarget.get("s4.0"), 3, 6);
    // Autumn: 00:00Z is 01:00 BST, 01:00Z is 01:00 GMT again, 02:00Z is 02:00 GMT.
    assertCalendar(byTarget.get("w2.0"), 1, 6);
    assertCalendar(byTarget.get("w3.0"), 1, 6);
    assertCalendar(byTarget.get("w4.0"), 2, 6);
    t.release();
  }

  private static void assertCalendar(double[] got, int hour, int dow) {
    assertEquals(hour, got[0]);
    assertEquals(dow, got[1]);
    assertEquals(Math.sin(2 * Math.PI * hour / 24), got[2], 1e-12);
    assertEquals(Math.cos(2 * Math.PI * dow / 7), got[3], 1e-12);
  }

  @Test
  void aWallClockTimeThatDoesNotExistInTheZoneIsBadInput() {
    Dataset<Row> raw = table(new String[] {"s", "2024-03-31 01:30:00", "1"});
    BadInputException e = assertThrows(BadInputException.class, () -> SeriesFeatures.fromLong(
        raw, "src", spec("ctl.data.time-zone=Europe/London"), null, false, 2));
    assertTrue(e.getMessage().contains("'2024-03-31 01:30:00'")
        && e.getMessage().contains("'s'"), e.getMessage());
    // Said as what it is (a time the zone skips), not as a format to fix.
    assertTrue(e.getMessage().contains("does not exist in Europe/London"), e.getMessage());
    assertFalse(e.getMessage().contains("unreadable"), e.getMessage());
  }

  @Test
  void badRowsAreNamed() {
    assertBad(table(new String[] {"s", "yesterday", "1"}), "unreadable timestamp 'yesterday'",
        "'s'");
    assertBad(table(new String[] {"s", "2024-01-01 00:00", "lots"}),
        "non-numeric value 'lots'", "'s'");
    assertBad(table(new String[] {"s", "2024-01-01 00:00", "1"},
        new String[] {"s", "2024-01-01T00:00:00Z", "2"}), "series 's' has 2 rows for timestamp",
        "2024-01-01T00:00Z");
    assertBad(table(hourly("short", 1.0, 2.0)), "series 'short' has 2 observed values",
        "at least 3");
    assertBad(table(new String[] {"s", "2024-01-01 00:00", "1"}).drop("value"),
        "missing column 'value'");
  }

  private static void assertBad(Dataset<Row> raw, String... mentions) {
    BadInputException e = assertThrows(BadInputException.class, () -> SeriesFeatures.fromLong(
        raw, "src", spec("ctl.features.lags=2"), null, false, 2));
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), e.getMessage());
    }
  }

  @Test
  void splitsAreInTimeOrderByDateOrByCount() {
    Dataset<Row> raw = table(hourly("a", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
    ZoneId utc = ZoneId.of("UTC");
    TimeSplit byDate = TimeSplit.from(CtlConfig.load(null, List.of(
        "ctl.split.train-end=2024-01-01 04:00", "ctl.split.validation-end=2024-01-01 06:00",
        "ctl.split.test-end=2024-01-01 08:00")), utc);
    // Targets 2..9: train 2-4, validation 5-6, test 7-8, hour 9 in none.
    assertEquals(List.of(0, 0, 0, 2, 2, 1, 1, -1), codes(raw, byDate));
    TimeSplit byCount = TimeSplit.from(CtlConfig.load(null, List.of("ctl.split.train-rows=4",
        "ctl.split.validation-rows=1")), utc);
    assertEquals(List.of(0, 0, 0, 0, 2, 1, 1, 1), codes(raw, byCount));
    assertThrows(BadInputException.class, () -> TimeSplit.from(CtlConfig.load(null, List.of(
        "ctl.split.train-end=2024-01-02", "ctl.split.test-end=2024-01-01")), utc));
    assertThrows(BadInputException.class, () -> TimeSplit.from(CtlConfig.load(null, List.of()),
        utc));
  }

  private static List<Integer> codes(Dataset<Row> raw, TimeSplit split) {
    FeatureTable t = SeriesFeatures.fromLong(raw, "t", spec("ctl.features.lags=2"), split, false,
        2);
    List<Integer> out = t.rows().orderBy(SeriesFeatures.TIME).collectAsList().stream()
        .map(r -> r.isNullAt(r.fieldIndex(SeriesFeatures.SPLIT)) ? -1
            : r.getInt(r.fieldIndex(SeriesFeatures.SPLIT))).toList();
    t.release();
    return out;
  }

  /**
   * Against independently built data: ../shared's WEAVE-style files were made from the same
   * series by another program; our lags from the raw series must match them cell for cell, and
   * our day of week its weekday column.
   */
  @Test
  void lagsAndCalendarMatchTheWeaveStyleFiles() {
    Path shared = TestSpark.sharedDir();
    assumeTrue(shared != null, "../shared is absent: skipping the real-data check");
    Path dir = shared.resolve("data/ecl_uci_hourly");
    Dataset<Row> raw = spark.read().option("header", "true")
        .csv(dir.resolve("series.csv.gz").toString()).filter("series_id in ('ecl_000', 'ecl_007')");
    FeatureTable ours = SeriesFeatures.fromLong(raw, "series", spec("ctl.features.calendar=true"),
        null, false, 2);
    FeatureSpec wideSpec = FeatureSpec.from(CtlConfig.load(null, List.of(
        "ctl.data.task-col=id_unique", "ctl.data.time-col=date")));
    Dataset<Row> weave = SeriesFeatures.withCalendar(spark.read().option("header", "true")
        .option("inferSchema", "false").csv(dir.resolve("weave_like/train.csv.gz").toString())
        .filter("id_unique in ('ecl_000', 'ecl_007')"), "weave", wideSpec);
    Map<String, Row> oursByKey = new HashMap<>();
    for (Row r : ours.rows().collectAsList()) {
      oursByKey.put(r.getString(0) + "@" + r.getLong(r.fieldIndex(SeriesFeatures.TIME)), r);
    }
    List<Row> theirs = weave.collectAsList();
    assertEquals(2 * 528, theirs.size());
    for (Row w : theirs) {
      Row o = oursByKey.get(w.getString(w.fieldIndex("id_unique")) + "@"
          + w.getLong(w.fieldIndex(SeriesFeatures.TIME)));
      for (int k = 1; k <= 48; k++) {
        assertEquals(Double.parseDouble(w.getString(w.fieldIndex("consumption_l" + k))),
            o.getDouble(o.fieldIndex("lag_" + k)), () -> "lag mismatch at " + w);
      }
      assertEquals(Double.parseDouble(w.getString(w.fieldIndex("consumption"))),
          o.getDouble(o.fieldIndex("value")));
      assertEquals(Double.parseDouble(w.getString(w.fieldIndex("weekday"))),
          o.getDouble(o.fieldIndex("dayofweek")));
      assertEquals(w.getDouble(w.fieldIndex("hour")), o.getDouble(o.fieldIndex("hour")));
    }
    ours.release();
  }
}
