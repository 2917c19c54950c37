package io.ctlspark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.data.NaiveScores;
import io.ctlspark.features.TimeSplit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The seasonal naive forecast against errors worked out by hand on a tiny series. */
class SeasonalNaiveSparkTest {
  private static final long SECOND = 1_000_000L;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  // Task "a", one value a second: y(0..5) = 1, 2, 4, 8, 16, 32; y(6), y(7) missing; y(9) = 100.
  // Task "b": y(0..5) = 0 (a flat series). Task "c" is in the data but not in the run.
  private static Dataset<Row> values() {
    List<Row> rows = new ArrayList<>();
    double[] a = {1, 2, 4, 8, 16, 32};
    for (int t = 0; t < a.length; t++) {
      rows.add(RowFactory.create("a", t * SECOND, a[t]));
      rows.add(RowFactory.create("b", t * SECOND, 0.0));
      rows.add(RowFactory.create("c", t * SECOND, 5.0));
    }
    rows.add(RowFactory.create("a", 9 * SECOND, 100.0));
    return spark.createDataFrame(rows, new StructType()
        .add(SeasonalNaive.TASK, DataTypes.StringType)
        .add(SeasonalNaive.TIME, DataTypes.LongType)
        .add(SeasonalNaive.VALUE, DataTypes.DoubleType));
  }

  // Training rows t = 2, 3; test rows t = 4, 5 and t = 9 (whose value a period back is missing).
  private static Dataset<Row> scored() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("a", 2 * SECOND, 4.0, TimeSplit.TRAIN));
    rows.add(RowFactory.create("a", 3 * SECOND, 8.0, TimeSplit.TRAIN));
    rows.add(RowFactory.create("a", 4 * SECOND, 16.0, TimeSplit.TEST));
    rows.add(RowFactory.create("a", 5 * SECOND, 32.0, TimeSplit.TEST));
    rows.add(RowFactory.create("a", 9 * SECOND, 100.0, TimeSplit.TEST));
    rows.add(RowFactory.create("a", 1 * SECOND, 2.0, TimeSplit.VALIDATION));
    rows.add(RowFactory.create("b", 4 * SECOND, 0.0, TimeSplit.TEST));
    rows.add(RowFactory.create("c", 4 * SECOND, 5.0, TimeSplit.TEST));
    return spark.createDataFrame(rows, new StructType()
        .add(SeasonalNaive.TASK, DataTypes.StringType)
        .add(SeasonalNaive.TIME, DataTypes.LongType)
        .add(SeasonalNaive.VALUE, DataTypes.DoubleType)
        .add(SeasonalNaive.SPLIT, DataTypes.IntegerType));
  }

  /** The series to score: {@code scored}'s rows, looking back at {@code values}. */
  private static SeasonalNaive.Series series(Dataset<Row> values, Dataset<Row> scored) {
    return SeasonalNaive.Series.of(SeasonalNaive.scoredRows(scored), values.toJavaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0),
            new long[] {r.getLong(1), Double.doubleToRawLongBits(r.getDouble(2))})));
  }

  private static NaiveScores score(int period, int horizon, Dataset<Row> scored) {
    return SeasonalNaive.score(new String[] {"p" + period}, new int[] {period}, horizon, SECOND,
        series(values(), scored), new String[] {"a", "b"})[0];
  }

  @Test
  void periodTwoHorizonOne() {
    NaiveScores s = score(2, 1, scored());
    // Test: y(4) = 16 by y(2) = 4 (error 12), y(5) = 32 by y(3) = 8 (error 24); y(9) by y(7):
    // not observed, so undefined. RMSE = sqrt((144 + 576) / 2), MAE = 18.
    assertEquals(2, s.testRows()[0]);
    assertEquals(1, s.testUndefined()[0]);
    assertEquals(Math.sqrt(360), s.rmse(0), 1e-12);
    assertEquals(18, s.mae(0), 1e-12);
    // In sample: |y(2) - y(0)| = 3, |y(3) - y(1)| = 6: MAE 4.5. Validation rows are not scored.
    assertEquals(2, s.inSampleRows()[0]);
    assertEquals(4.5, s.inSampleMae(0), 1e-12);
    // A flat series: the naive forecast is exact, and it has no training rows.
    assertEquals(0.0, s.rmse(1), 0.0);
    assertTrue(Double.isNaN(s.inSampleMae(1)));
    assertEquals(1, s.undefinedTotal());
  }

  @Test
  void horizonsPastThePeriodLookWholePeriodsBack() {
    // h = 3, m = 2: y(t - 2 ceil(3 / 2)) = y(t - 4): y(4) by y(0) = 1 (15), y(5) by y(1) = 2
    // (30), and now y(9) by y(5) = 32 (68), which was observed.
    NaiveScores s = score(2, 3, scored());
    assertEquals(3, s.testRows()[0]);
    assertEquals(0, s.testUndefined()[0]);
    assertEquals(Math.sqrt((15 * 15 + 30 * 30 + 68 * 68) / 3.0), s.rmse(0), 1e-12);
    // In sample stays one period back (MASE's scale).
    assertEquals(4.5, s.inSampleMae(0), 1e-12);
  }

  @Test
  void thePeriodOfADayOrAWeekInIntervals() {
    long hour = 3600 * SECOND;
    assertEquals(24, SeasonalNaive.period(hour, 1));
    assertEquals(168, SeasonalNaive.period(hour, 7));
    assertEquals(48, SeasonalNaive.period(hour / 2, 1));
    assertEquals(0, SeasonalNaive.period(7 * hour, 1), "7 h does not divide a day");
    assertArrayEquals(new long[] {0, 0}, score(2, 1, scored().filter("_split = 0")).testRows());
  }

  @Test
  void severalPeriodsAtOnceEqualEachAlone() {
    // A test row without a finite value (t = 8, whose y(5) was observed) is not scored.
    List<Row> extra = new ArrayList<>(scored().collectAsList());
    extra.add(RowFactory.create("a", 8 * SECOND, Double.NaN, TimeSplit.TEST));
    Dataset<Row> scored = spark.createDataFrame(extra, scored().schema());
    NaiveScores[] both = SeasonalNaive.score(new String[] {"p2", "p3"}, new int[] {2, 3}, 1,
        SECOND, series(values(), scored), new String[] {"a", "b"});
    for (int p = 0; p < 2; p++) {
      NaiveScores alone = score(p + 2, 1, scored);
      assertEquals("p" + (p + 2), both[p].name());
      assertArrayEquals(alone.testRows(), both[p].testRows());
      assertArrayEquals(alone.testSse(), both[p].testSse());
      assertArrayEquals(alone.testUndefined(), both[p].testUndefined());
      assertArrayEquals(alone.inSampleSae(), both[p].inSampleSae());
    }
    // Period 3: y(4) by y(1) = 2 (14), y(5) by y(2) = 4 (28), y(9) by y(6): missing.
    assertEquals(2, both[1].testRows()[0]);
    assertEquals(1, both[1].testUndefined()[0]);
    assertEquals(Math.sqrt((14 * 14 + 28 * 28) / 2.0), both[1].rmse(0), 1e-12);
  }

  @Test
  void aTimeObservedTwiceIsMatchedTwiceAsAJoinWould() {
    // y(2) observed a second time, as 5: the test row y(4) = 16 is forecast by both values, 4
    // (error 12) and 5 (error 11); y(5) by y(3) = 8 (24); y(9) is undefined. The training row
    // t = 2 is still scored once (by y(0) = 1).
    Dataset<Row> twice = spark.createDataFrame(List.of(RowFactory.create("a", 2 * SECOND, 5.0)),
        values().schema()).union(values());
    NaiveScores s = SeasonalNaive.score(new String[] {"p2"}, new int[] {2}, 1, SECOND,
        series(twice, scored()), new String[] {"a", "b"})[0];
    assertEquals(3, s.testRows()[0]);
    assertEquals(144 + 121 + 576, s.testSse()[0], 0.0);
    assertEquals(12 + 11 + 24, s.testSae()[0], 0.0);
    assertEquals(1, s.testUndefined()[0]);
    assertEquals(2, s.inSampleRows()[0]);
    assertEquals(4.5, s.inSampleMae(0), 1e-12);
  }

  @Test
  void aWideTablesRowsScoreAsTheirRowsAndObservationsGivenApart() {
    // Two tasks of 10,000 hourly rows, some times unknown (NaN), cut into runs of up to 6,000
    // rows (longer than a pack), some runs backwards, the runs in no order over three
    // partitions: scored and looked back at from the rows themselves (packed, one shuffle) as
    // when the same observations are given separately.
    java.util.Random rnd = new java.util.Random(3);
    long hour = 3600 * SECOND;
    List<List<Tuple2<String, double[]>>> runs = new ArrayList<>();
    for (String task : new String[] {"a", "b"}) {
      for (int i = 0; i < 10_000;) {
        List<Tuple2<String, double[]>> run = new ArrayList<>();
        for (int end = Math.min(10_000, i + 1 + rnd.nextInt(6_000)); i < end; i++) {
          double t = rnd.nextDouble() < 0.01 ? Double.NaN : i * (double) hour;
          run.add(new Tuple2<>(task, new double[] {t, i < 8_000 ? TimeSplit.TRAIN
              : TimeSplit.TEST, 100 + 10 * rnd.nextGaussian()}));
        }
        if (rnd.nextBoolean()) {
          java.util.Collections.reverse(run);
        }
        runs.add(run);
      }
    }
    java.util.Collections.shuffle(runs, rnd);
    List<Tuple2<String, double[]>> rows = new ArrayList<>();
    runs.forEach(rows::addAll);
    JavaPairRDD<String, double[]> table = JavaSparkContext.fromSparkContext(
        spark.sparkContext()).parallelizePairs(rows, 3);
    JavaPairRDD<String, long[]> observed = table.filter(r -> !Double.isNaN(r._2()[0]))
        .mapValues(r -> new long[] {(long) r[0], Double.doubleToRawLongBits(r[2])});
    String[] names = {"daily", "weekly"};
    int[] periods = {24, 168};
    String[] tasks = {"a", "b"};
    NaiveScores[] packed = SeasonalNaive.score(names, periods, 1, hour,
        SeasonalNaive.Series.ofRows(table), tasks);
    NaiveScores[] apart = SeasonalNaive.score(names, periods, 1, hour,
        SeasonalNaive.Series.of(table, observed), tasks);
    for (int p = 0; p < 2; p++) {
      assertArrayEquals(apart[p].testRows(), packed[p].testRows());
      assertArrayEquals(apart[p].testSse(), packed[p].testSse());
      assertArrayEquals(apart[p].testSae(), packed[p].testSae());
      assertArrayEquals(apart[p].testUndefined(), packed[p].testUndefined());
      assertArrayEquals(apart[p].inSampleSae(), packed[p].inSampleSae());
      assertTrue(packed[p].testRows()[0] > 1_500 && packed[p].testUndefined()[0] > 10);
    }
  }
}
