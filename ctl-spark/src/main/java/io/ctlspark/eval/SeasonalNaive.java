package io.ctlspark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ctlspark.data.NaiveScores;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.TimeSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
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
   * Each task's rows to score, {time in epoch microseconds (NaN when unknown), split, value},
   * with the values a forecast looks back at, {time, raw bits of the value}.
   */
  public record Series(JavaPairRDD<String, Tuple2<Iterable<double[]>, Iterable<long[]>>> byTask) {
    /** Rows to score and values to look back at from two sources, brought together by task. */
    public static Series of(JavaPairRDD<String, double[]> scored,
        JavaPairRDD<String, long[]> observed) {
      return new Series(scored.cogroup(observed));
    }

    /**
     * A wide table's: every labelled row is scored and, where its time is known, is an
     * observation. One shuffle of the rows; the observations are taken from them per task.
     */
    public static Series ofRows(JavaPairRDD<String, double[]> rows) {
      return new Series(rows.groupByKey().mapValues(
          r -> new Tuple2<Iterable<double[]>, Iterable<long[]>>(r, observedIn(r))));
    }

    /**
     * Raw series' samples: those in the training and test splits with a label are scored, and
     * every observed value of the series is one to look back at.
     */
    public static Series ofSamples(FeatureTable samples) {
      JavaPairRDD<String, double[]> scored = samples.samples().flatMapToPair(s -> {
        List<Tuple2<String, double[]>> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          if ((s.split[i] == TimeSplit.TRAIN || s.split[i] == TimeSplit.TEST)
              && Double.isFinite(s.label[i])) {
            out.add(new Tuple2<>(s.series, new double[] {s.time[i], s.split[i], s.label[i]}));
          }
        }
        return out.iterator();
      });
      return of(scored, samples.observed());
    }

    /** The rows with a known time, as values to look back at, in the rows' order. */
    private static List<long[]> observedIn(Iterable<double[]> rows) {
      List<long[]> out = new ArrayList<>();
      for (double[] r : rows) {
        if (!Double.isNaN(r[0])) {
          out.add(new long[] {(long) r[0], Double.doubleToRawLongBits(r[2])});
        }
      }
      return out;
    }
  }

  /**
   * The rows of a table to score: (TASK, TIME, VALUE, SPLIT) to (task, {time, split, value}),
   * TimeSplit.TRAIN and TEST rows with a finite value only. Times in microseconds are exact in a
   * double (below 2^53: 285 years either side of 1970).
   */
  public static JavaPairRDD<String, double[]> scoredRows(Dataset<Row> scored) {
    return scored
        .filter(col(SPLIT).equalTo(lit(TimeSplit.TRAIN)).or(col(SPLIT).equalTo(
            lit(TimeSplit.TEST))))
        .filter(SeriesFeatures.isFinite(col(VALUE)))
        .select(col(TASK), col(TIME), col(SPLIT), col(VALUE)).toJavaRDD()
        .mapToPair(r -> new Tuple2<>(r.getString(0), new double[] {
            r.isNullAt(1) ? Double.NaN : r.getLong(1), r.getInt(2), r.getDouble(3)}));
  }

  /**
   * Scores the seasonal naive forecast for several periods at once: each task's scored rows
   * with its observed values ({@link Series}), then plain Java per task (a lookup of the value
   * at t - back), instead of a join per period.
   *
   * @param names the forecasts' names ("daily", "weekly"), one per period
   * @param periods the seasons in intervals
   * @param taskIds the run's tasks, sorted (scores are by index; other tasks are ignored)
   */
  public static NaiveScores[] score(String[] names, int[] periods, int horizon,
      long intervalMicros, Series series, String[] taskIds) {
    long[] testBack = new long[periods.length];
    long[] inSampleBack = new long[periods.length];
    for (int p = 0; p < periods.length; p++) {
      testBack[p] = (long) periods[p] * ((horizon + periods[p] - 1) / periods[p])
          * intervalMicros;
      inSampleBack[p] = (long) periods[p] * intervalMicros;
    }
    List<Tuple2<String, double[][]>> sums = series.byTask()
        .mapValues(g -> sums(g._1(), g._2(), testBack, inSampleBack))
        .collect();
    int n = taskIds.length;
    NaiveScores[] out = new NaiveScores[periods.length];
    for (int p = 0; p < periods.length; p++) {
      out[p] = new NaiveScores(names[p], periods[p], new long[n], new double[n], new double[n],
          new long[n], new long[n], new double[n]);
    }
    for (Tuple2<String, double[][]> t : sums) {
      int v = Arrays.binarySearch(taskIds, t._1());
      if (v < 0) {
        continue;
      }
      for (int p = 0; p < periods.length; p++) {
        double[] a = t._2()[p];
        out[p].testRows()[v] = (long) a[0];
        out[p].testSse()[v] = a[1];
        out[p].testSae()[v] = a[2];
        out[p].testUndefined()[v] = (long) a[3];
        out[p].inSampleRows()[v] = (long) a[4];
        out[p].inSampleSae()[v] = a[5];
      }
    }
    return out;
  }

  /** One task's sums for each period: its scored rows, each matched with the past value(s). */
  private static double[][] sums(Iterable<double[]> scored, Iterable<long[]> observed,
      long[] testBack, long[] inSampleBack) {
    Past past = new Past(observed);
    // In time order (then training before test), once: a row matched with several past values
    // counts once per match, in the order of the matches, as the rows of a join sorted (stably)
    // by time would.
    List<double[]> inOrder = new ArrayList<>();
    scored.forEach(inOrder::add);
    inOrder.sort(Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
    double[][] out = new double[testBack.length][];
    for (int p = 0; p < testBack.length; p++) {
      // {test rows, SSE, SAE, undefined, in-sample rows, in-sample SAE}, summed in that order.
      double[] sums = new double[6];
      for (double[] r : inOrder) {
        boolean test = r[1] == TimeSplit.TEST;
        long back = (long) r[0] - (test ? testBack[p] : inSampleBack[p]);
        int from = Double.isNaN(r[0]) ? 0 : past.first(back);
        int to = Double.isNaN(r[0]) ? 0 : past.end(from, back);
        if (from == to) {
          add(sums, test, r[2], Double.NaN);
        }
        for (int i = from; i < to; i++) {
          add(sums, test, r[2], past.value[i]);
        }
      }
      out[p] = sums;
    }
    return out;
  }

  /** One scored row's value {@code y} forecast by {@code past} (NaN: undefined) into the sums. */
  private static void add(double[] s, boolean test, double y, double past) {
    double err = y - past;
    if (Double.isNaN(past)) {
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

  /**
   * A task's observed values sorted by time, values of one time in the order observed: a time
   * observed twice matches twice, as a join would. Plain arrays and a binary search, instead of a
   * map of boxed times to lists of boxed values (measured: most of the naive's time on long
   * series).
   */
  private static final class Past {
    final long[] time;
    final double[] value;

    Past(Iterable<long[]> observed) {
      List<long[]> list = new ArrayList<>();
      observed.forEach(list::add);
      // Stable: values of one time keep the order they were observed in.
      list.sort(Comparator.comparingLong(o -> o[0]));
      time = new long[list.size()];
      value = new double[list.size()];
      for (int i = 0; i < time.length; i++) {
        time[i] = list.get(i)[0];
        value[i] = Double.longBitsToDouble(list.get(i)[1]);
      }
    }

    /** The first position observed at {@code t}, or where it would be when there is none. */
    int first(long t) {
      int lo = 0;
      int hi = time.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (time[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** The end of the positions from {@code from} on that were observed at {@code t}. */
    int end(int from, long t) {
      int to = from;
      while (to < time.length && time[to] == t) {
        to++;
      }
      return to;
    }
  }
}
