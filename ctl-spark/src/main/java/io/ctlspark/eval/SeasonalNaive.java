package io.ctlspark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.ctlspark.data.NaiveScores;
import io.ctlspark.features.TimeSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * The seasonal naive forecast of forecasting.md, scored per task: the value at target time t is
 * forecast by the last observed value at the same phase, y(t - m ceil(h / m)), for period m (in
 * intervals) and horizon h. Where that value was not observed the forecast is undefined and
 * counted, not dropped silently. In sample (MASE's scale) it is |y(t) - y(t - m)| over the
 * training rows. Each task's sums run in time order, so the scores do not depend on
 * partitioning.
 */
public final class SeasonalNaive {
  /** Columns of both inputs. */
  public static final String TASK = "_task";
  public static final String TIME = "_t";
  public static final String VALUE = "_y";
  public static final String SPLIT = "_split";

  private SeasonalNaive() {}

  /** The season of {@code days} days in intervals, or 0 when the interval does not divide it. */
  public static int period(long intervalMicros, int days) {
    long span = days * 86_400_000_000L;
    return intervalMicros > 0 && span % intervalMicros == 0 ? (int) (span / intervalMicros) : 0;
  }

  /**
   * @param values every observed value of each task: (TASK, TIME, VALUE), finite values only
   * @param scored the rows to score: (TASK, TIME, VALUE, SPLIT) with SPLIT TimeSplit.TRAIN (in
   *     sample) or TimeSplit.TEST; other codes are ignored
   * @param taskIds the run's tasks, sorted (scores are by index; other tasks are ignored)
   */
  public static NaiveScores score(String name, int period, int horizon, long intervalMicros,
      Dataset<Row> values, Dataset<Row> scored, String[] taskIds) {
    long testBack = (long) period * ((horizon + period - 1) / period) * intervalMicros;
    long inSampleBack = (long) period * intervalMicros;
    Dataset<Row> past = values.select(col(TASK).as("_pt"), col(TIME).as("_ptime"),
        col(VALUE).as("_py"));
    Dataset<Row> s = scored.filter(col(SPLIT).equalTo(lit(TimeSplit.TRAIN))
        .or(col(SPLIT).equalTo(lit(TimeSplit.TEST))));
    Dataset<Row> joined = s.join(past, col(TASK).equalTo(col("_pt")).and(col("_ptime").equalTo(
        col(TIME).minus(when(col(SPLIT).equalTo(lit(TimeSplit.TEST)), lit(testBack))
            .otherwise(lit(inSampleBack))))), "left");
    int n = taskIds.length;
    NaiveScores out = new NaiveScores(name, period, new long[n], new double[n], new double[n],
        new long[n], new long[n], new double[n]);
    List<Tuple2<String, double[]>> sums = joined.select(col(TASK), col(TIME), col(SPLIT),
            col(VALUE), col("_py")).toJavaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0), new double[] {r.getLong(1), r.getInt(2),
            r.getDouble(3), r.isNullAt(4) ? Double.NaN : r.getDouble(4)}))
        .groupByKey()
        .mapValues(SeasonalNaive::sums)
        .collect();
    for (Tuple2<String, double[]> t : sums) {
      int v = Arrays.binarySearch(taskIds, t._1());
      if (v < 0) {
        continue;
      }
      double[] a = t._2();
      out.testRows()[v] = (long) a[0];
      out.testSse()[v] = a[1];
      out.testSae()[v] = a[2];
      out.testUndefined()[v] = (long) a[3];
      out.inSampleRows()[v] = (long) a[4];
      out.inSampleSae()[v] = a[5];
    }
    return out;
  }

  /** {test rows, SSE, SAE, undefined, in-sample rows, in-sample SAE}, summed in time order. */
  private static double[] sums(Iterable<double[]> rows) {
    List<double[]> sorted = new ArrayList<>();
    rows.forEach(sorted::add);
    sorted.sort(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
    double[] s = new double[6];
    for (double[] r : sorted) {
      boolean test = r[1] == TimeSplit.TEST;
      double err = r[2] - r[3];
      if (Double.isNaN(r[3])) {
        s[3] += test ? 1 : 0;
      } else if (test) {
        s[0]++;
        s[1] += err * err;
        s[2] += Math.abs(err);
      } else {
        s[4]++;
        s[5] += Math.abs(err);
      }
    }
    return s;
  }
}
