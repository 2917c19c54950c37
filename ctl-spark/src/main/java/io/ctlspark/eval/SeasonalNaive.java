package io.ctlspark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ctlspark.data.NaiveScores;
import io.ctlspark.features.ChunkStream;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.SeriesObservations;
import io.ctlspark.features.SeriesSamples;
import io.ctlspark.features.TimeSplit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
  /** At most this many rows of a wide table travel as one array ({@link Packer}). */
  private static final int PACK = 4096;

  private SeasonalNaive() {}

  /** The season of {@code days} days in intervals, or 0 when the interval does not divide it. */
  public static int period(long intervalMicros, int days) {
    long span = days * 86_400_000_000L;
    return intervalMicros > 0 && span % intervalMicros == 0 ? (int) (span / intervalMicros) : 0;
  }

  /**
   * Each task's rows to score, {time in epoch microseconds (NaN when unknown), split, value},
   * with the values a forecast looks back at, {time, value}: one {@link TaskSeries} per task.
   */
  public static final class Series {
    private final JavaPairRDD<String, TaskSeries> byTask;

    private Series(JavaPairRDD<String, TaskSeries> byTask) {
      this.byTask = byTask;
    }

    /**
     * Rows to score, (task, {time, split, value}), and values to look back at, (task, {time,
     * raw bits of the value}), from two sources, brought together by task.
     */
    public static Series of(JavaPairRDD<String, double[]> scored,
        JavaPairRDD<String, long[]> observed) {
      return new Series(scored.cogroup(observed).mapValues(g -> TaskSeries.of(g._1(),
          g._2())));
    }

    /**
     * A wide table's: every labelled row is scored and, where its time is known, is an
     * observation. One shuffle of the rows; the observations are taken from them per task.
     */
    public static Series ofRows(JavaPairRDD<String, double[]> rows) {
      return new Series(rows.mapPartitionsToPair(Series::packed).groupByKey()
          .mapValues(TaskSeries::ofPacked));
    }

    /** A partition's rows packed ({@link Packer}), lazily as Spark pulls them. */
    private static Iterator<Tuple2<String, double[]>> packed(
        Iterator<Tuple2<String, double[]>> rows) {
      Packer packer = new Packer();
      return ChunkStream.of(rows, packer::add, packer.ready, packer::ship);
    }

    /**
     * Raw series' samples: those in the training and test splits with a label are scored, and
     * every observed value of the series is one to look back at. Both are taken from the series'
     * arrays where the series already are (a join of two RDDs partitioned alike: no shuffle).
     */
    public static Series ofSamples(FeatureTable samples) {
      return new Series(samples.samplesBySeries().join(samples.observations())
          .mapValues(p -> TaskSeries.ofSamples(p._1(), p._2())));
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
    LookBacks back = new LookBacks(periods, horizon, intervalMicros);
    // The arrays, not their holder, go to the executors.
    long[] testBack = back.test;
    long[] inSampleBack = back.inSample;
    List<Tuple2<String, double[][]>> sums = series.byTask
        .mapValues(t -> t.sums(testBack, inSampleBack))
        .collect();
    Map<String, double[][]> byTask = new HashMap<>();
    sums.forEach(t -> byTask.put(t._1(), t._2()));
    return fromSums(names, periods, byTask, taskIds);
  }

  /**
   * One task's sums for {@link #fromSums}, from its rows {time (NaN when unknown), split,
   * label} one after the other in the order read: every row with a finite label of a wide
   * table, as {@link Series#ofRows} scores them.
   */
  public static double[][] sums(double[] observed, int[] periods, int horizon,
      long intervalMicros) {
    LookBacks back = new LookBacks(periods, horizon, intervalMicros);
    return TaskSeries.ofPacked(List.of(observed)).sums(back.test, back.inSample);
  }

  /** Numbers per period in a task's sums (see {@link #fromSums}). */
  private static final int SUMS = 6;

  /** How far back each period's forecasts look, out of sample and in sample. */
  private static final class LookBacks {
    final long[] test;
    final long[] inSample;

    LookBacks(int[] periods, int horizon, long intervalMicros) {
      test = new long[periods.length];
      inSample = new long[periods.length];
      for (int p = 0; p < periods.length; p++) {
        test[p] = (long) periods[p] * ((horizon + periods[p] - 1) / periods[p]) * intervalMicros;
        inSample[p] = (long) periods[p] * intervalMicros;
      }
    }
  }

  /**
   * The scores of the run's tasks from their sums by task id, one array per period ({@link
   * #sums}, computed where a task's rows were grouped); tasks without any score zero.
   */
  public static NaiveScores[] fromSums(String[] names, int[] periods,
      Map<String, double[][]> sums, String[] taskIds) {
    int n = taskIds.length;
    NaiveScores[] out = new NaiveScores[periods.length];
    for (int p = 0; p < periods.length; p++) {
      out[p] = new NaiveScores(names[p], periods[p], new long[n], new double[n], new double[n],
          new long[n], new long[n], new double[n]);
    }
    for (Map.Entry<String, double[][]> t : sums.entrySet()) {
      int v = Arrays.binarySearch(taskIds, t.getKey());
      if (v < 0) {
        continue;
      }
      for (int p = 0; p < periods.length; p++) {
        double[] a = t.getValue()[p];
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

  /**
   * Packs a partition's rows so that the rows of a task that follow one another travel as one
   * array, {time, split, value} after {time, split, value}, of at most {@link #PACK} rows: the
   * shuffle then moves an array per run of a task's rows, not a tuple per row.
   */
  private static final class Packer {
    final Deque<Tuple2<String, double[]>> ready = new ArrayDeque<>(1);
    private double[] pack = new double[3 * 64];
    private String task;
    private int rows;

    void add(Tuple2<String, double[]> row) {
      if (!row._1().equals(task) || rows == PACK) {
        ship();
        task = row._1();
      }
      if (3 * (rows + 1) > pack.length) {
        pack = Arrays.copyOf(pack, 2 * pack.length);
      }
      System.arraycopy(row._2(), 0, pack, 3 * rows++, 3);
    }

    void ship() {
      if (rows > 0) {
        ready.add(new Tuple2<>(task, Arrays.copyOf(pack, 3 * rows)));
        rows = 0;
      }
    }
  }

  /**
   * One task's rows to score in time order (then training before test; rows of equal time and
   * split in the order given), with its observed values ({@link Past}).
   */
  static final class TaskSeries {
    private final double[] time;
    private final double[] split;
    private final double[] value;
    private final Past past;

    private TaskSeries(double[] time, double[] split, double[] value, Past past) {
      this.time = time;
      this.split = split;
      this.value = value;
      this.past = past;
    }

    /**
     * From a wide table's packed rows ({@link Packer}): every row is scored and, where its time
     * is known, is a value to look back at, in the order the rows came.
     */
    static TaskSeries ofPacked(Iterable<double[]> packs) {
      int n = 0;
      for (double[] pack : packs) {
        n += pack.length / 3;
      }
      double[][] rows = new double[3][n];
      int known = 0;
      int at = 0;
      for (double[] pack : packs) {
        for (int i = 0; i < pack.length; i += 3, at++) {
          for (int c = 0; c < 3; c++) {
            rows[c][at] = pack[i + c];
          }
          known += Double.isNaN(pack[i]) ? 0 : 1;
        }
      }
      long[] pastTime = new long[known];
      double[] pastValue = new double[known];
      for (int i = 0, k = 0; i < n; i++) {
        if (!Double.isNaN(rows[0][i])) {
          pastTime[k] = (long) rows[0][i];
          pastValue[k++] = rows[2][i];
        }
      }
      return sorted(rows[0], rows[1], rows[2], pastTime, pastValue);
    }

    /** From rows {time, split, value} and observations {time, raw bits of the value}. */
    static TaskSeries of(Iterable<double[]> scored, Iterable<long[]> observed) {
      List<double[]> rows = new ArrayList<>();
      scored.forEach(rows::add);
      double[][] columns = new double[3][rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        for (int c = 0; c < 3; c++) {
          columns[c][i] = rows.get(i)[c];
        }
      }
      List<long[]> values = new ArrayList<>();
      observed.forEach(values::add);
      long[] t = new long[values.size()];
      double[] v = new double[values.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = values.get(i)[0];
        v[i] = Double.longBitsToDouble(values.get(i)[1]);
      }
      return sorted(columns[0], columns[1], columns[2], t, v);
    }

    /**
     * Rows sorted by time then split, and values by time, both stably: rows of one time and
     * split, and values of one time, keep the order they came in.
     */
    private static TaskSeries sorted(double[] time, double[] split, double[] value,
        long[] pastTime, double[] pastValue) {
      int[] rows = stableOrder(time.length, (i, j) -> {
        int c = Double.compare(time[i], time[j]);
        return c != 0 ? c : Double.compare(split[i], split[j]);
      });
      int[] past = stableOrder(pastTime.length, (i, j) -> Long.compare(pastTime[i], pastTime[j]));
      return new TaskSeries(permuted(time, rows), permuted(split, rows), permuted(value, rows),
          new Past(permuted(pastTime, past), permuted(pastValue, past)));
    }

    /** The positions 0..n-1 stably sorted, or null when they are in order already. */
    private static int[] stableOrder(int n, IntComparator order) {
      boolean inOrder = true;
      for (int i = 1; i < n && inOrder; i++) {
        inOrder = order.compare(i - 1, i) <= 0;
      }
      if (inOrder) {
        return null;
      }
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      // Arrays.sort of objects is stable (a merge sort).
      Arrays.sort(boxed, order::compare);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = boxed[i];
      }
      return out;
    }

    private static double[] permuted(double[] a, int[] order) {
      if (order == null) {
        return a;
      }
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[order[i]];
      }
      return out;
    }

    private static long[] permuted(long[] a, int[] order) {
      if (order == null) {
        return a;
      }
      long[] out = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[order[i]];
      }
      return out;
    }

    /** Compares two positions. */
    private interface IntComparator {
      int compare(int i, int j);
    }

    /**
     * From a series' samples (in time order, one per time) and its observed values (in time
     * order, no time twice): the samples in the training and test splits with a finite label.
     */
    static TaskSeries ofSamples(SeriesSamples s, SeriesObservations observed) {
      int n = 0;
      for (int i = 0; i < s.size(); i++) {
        n += scored(s, i) ? 1 : 0;
      }
      double[] time = new double[n];
      double[] split = new double[n];
      double[] value = new double[n];
      int k = 0;
      for (int i = 0; i < s.size(); i++) {
        if (scored(s, i)) {
          time[k] = s.time[i];
          split[k] = s.split[i];
          value[k++] = s.label[i];
        }
      }
      return new TaskSeries(time, split, value, new Past(observed.times(), observed.values()));
    }

    private static boolean scored(SeriesSamples s, int i) {
      return (s.split[i] == TimeSplit.TRAIN || s.split[i] == TimeSplit.TEST)
          && Double.isFinite(s.label[i]);
    }

    /**
     * The sums for each period, {test rows, SSE, SAE, undefined, in-sample rows, in-sample SAE},
     * taken in time order: a row matched with several past values counts once per match, in the
     * order of the matches, as the rows of a join sorted (stably) by time would.
     */
    double[][] sums(long[] testBack, long[] inSampleBack) {
      double[][] out = new double[testBack.length][];
      for (int p = 0; p < testBack.length; p++) {
        double[] sums = new double[SUMS];
        for (int r = 0; r < time.length; r++) {
          boolean test = split[r] == TimeSplit.TEST;
          long back = (long) time[r] - (test ? testBack[p] : inSampleBack[p]);
          int from = Double.isNaN(time[r]) ? 0 : past.first(back);
          int to = Double.isNaN(time[r]) ? 0 : past.end(from, back);
          if (from == to) {
            add(sums, test, value[r], Double.NaN);
          }
          for (int i = from; i < to; i++) {
            add(sums, test, value[r], past.value[i]);
          }
        }
        out[p] = sums;
      }
      return out;
    }
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

    Past(long[] time, double[] value) {
      this.time = time;
      this.value = value;
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
