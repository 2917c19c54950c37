package io.ctlspark.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One raw series after grouping: its observed (finite) values in time order, how many of its rows
 * held no finite value, and whether a timestamp appeared twice. The gap report and the samples'
 * lags are then walks along two arrays, where Spark SQL needed window functions, aggregations and
 * a join, each its own job; the rules are the SQL ones, comparison for comparison
 * (SeriesFeaturesSqlEquivalenceTest compares the two).
 */
public final class SeriesObservations implements Serializable {
  private static final long serialVersionUID = 1L;
  final String id;
  /** Times (epoch microseconds) of the finite values, ascending. */
  final long[] time;
  final double[] value;
  /** Rows whose value was missing or not finite. */
  final long missingValues;
  /** Whether two rows have the same timestamp (the series is refused). */
  final boolean duplicate;

  private SeriesObservations(String id, long[] time, double[] value, long missingValues,
      boolean duplicate) {
    this.id = id;
    this.time = time;
    this.value = value;
    this.missingValues = missingValues;
    this.duplicate = duplicate;
  }

  /** The series from its chunks, which arrive in no particular order. */
  static SeriesObservations merge(String id, Iterable<SeriesChunk> chunks) {
    List<SeriesChunk> list = new ArrayList<>();
    int n = 0;
    for (SeriesChunk c : chunks) {
      if (c.rows > 0) {
        list.add(c);
        n += c.rows;
      }
    }
    // Input is usually in time order within each file piece: chunks in order of their first
    // time are then already sorted end to end, and the sort below is skipped.
    list.sort(Comparator.comparingLong(c -> c.time[0]));
    long[] t = new long[n];
    double[] v = new double[n];
    int at = 0;
    for (SeriesChunk c : list) {
      System.arraycopy(c.time, 0, t, at, c.rows);
      System.arraycopy(c.value, 0, v, at, c.rows);
      at += c.rows;
    }
    if (!ascending(t)) {
      // A row order the times alone decide (no two are equal, or the series is refused).
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong(i -> t[i]));
      long[] st = new long[n];
      double[] sv = new double[n];
      for (int i = 0; i < n; i++) {
        st[i] = t[order[i]];
        sv[i] = v[order[i]];
      }
      return finiteOf(id, st, sv);
    }
    return finiteOf(id, t, v);
  }

  private static boolean ascending(long[] t) {
    for (int i = 1; i < t.length; i++) {
      if (t[i] < t[i - 1]) {
        return false;
      }
    }
    return true;
  }

  /** From all rows in time order: the finite values kept, the others counted. */
  private static SeriesObservations finiteOf(String id, long[] t, double[] v) {
    boolean duplicate = false;
    int finite = 0;
    for (int i = 0; i < t.length; i++) {
      duplicate |= i > 0 && t[i] == t[i - 1];
      finite += Double.isFinite(v[i]) ? 1 : 0;
    }
    long[] ft = new long[finite];
    double[] fv = new double[finite];
    int k = 0;
    for (int i = 0; i < t.length; i++) {
      if (Double.isFinite(v[i])) {
        ft[k] = t[i];
        fv[k++] = v[i];
      }
    }
    return new SeriesObservations(id, ft, fv, t.length - finite, duplicate);
  }

  /**
   * The gap report's counts over the observed values, {@code dt} the interval and {@code reach}
   * how many intervals back a sample's oldest lag lies: a gap is a step between consecutive
   * observed times other than one interval; a step of s intervals leaves s - 1 missing; a
   * sample is left out when its oldest lag is not exactly {@code reach} intervals back.
   */
  SeriesStats stats(long dt, int reach) {
    long gaps = 0;
    long missing = 0;
    long firstGap = 0;
    long gapFrom = 0;
    for (int i = 1; i < time.length; i++) {
      long step = time[i] - time[i - 1];
      if (step != dt) {
        if (gaps == 0) {
          firstGap = time[i];
          gapFrom = time[i - 1];
        }
        gaps++;
      }
      if (step > dt) {
        // As SQL divides longs (in doubles) and casts back (truncating).
        missing += (long) ((double) step / (double) dt) - 1;
      }
    }
    long dropped = 0;
    for (int i = reach; i < time.length; i++) {
      dropped += time[i] - time[i - reach] != reach * dt ? 1 : 0;
    }
    return new SeriesStats(id, time.length, gaps, missing, dropped, firstGap, gapFrom,
        missingValues, duplicate);
  }

  /**
   * The series' samples, one per target time whose lags are all there, in time order, each with
   * lag_k the value h - 1 + k observations back, the calendar features at the target (when the
   * spec adds them) and its split code. With {@code forecastAhead}, h more targets one interval
   * apart past the last observation, without a label.
   */
  SeriesSamples samples(FeatureSpec spec, TimeSplit split, boolean forecastAhead) {
    int n = time.length;
    long dt = spec.intervalMicros;
    int h = spec.horizon;
    int reach = spec.reach();
    int[] lags = spec.allLags();
    CalendarFeatures calendar = spec.addsCalendar() ? new CalendarFeatures(spec) : null;
    int[] calendarAt = new int[FeatureSpec.CALENDAR.size()];
    for (int k = 0; k < calendarAt.length; k++) {
      calendarAt[k] = lags.length + k;
    }
    int d = lags.length + (calendar == null ? 0 : calendarAt.length);
    int m = positions(spec, forecastAhead);
    SeriesSamples out = new SeriesSamples(id, d, Math.max(0, m - reach));
    double[] x = new double[d];
    long position = 0;
    for (int i = reach; i < m; i++) {
      if (!isTarget(i, reach, dt)) {
        continue;
      }
      long t = timeAt(i, dt);
      position++;
      for (int k = 0; k < lags.length; k++) {
        int j = i - (h - 1 + lags[k]);
        x[k] = j < n ? value[j] : Double.NaN;
      }
      if (calendar != null) {
        calendar.fill(t, x, calendarAt);
      }
      Integer code = split == null ? null : split.code(t, position);
      out.add(t, i < n ? value[i] : Double.NaN, x, code == null ? SeriesSamples.NONE : code);
    }
    return out.trimmed();
  }

  /**
   * Whether {@link #samples} gives at least one sample, found without building any (predict
   * asks it of every series to find those it has no model for).
   */
  boolean hasSamples(FeatureSpec spec, boolean forecastAhead) {
    int reach = spec.reach();
    int m = positions(spec, forecastAhead);
    for (int i = reach; i < m; i++) {
      if (isTarget(i, reach, spec.intervalMicros)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The positions a target may take: the observations, and with {@code forecastAhead} h more
   * one interval apart past the last (none for an empty series).
   */
  private int positions(FeatureSpec spec, boolean forecastAhead) {
    int n = time.length;
    return n == 0 ? 0 : n + (forecastAhead ? spec.horizon : 0);
  }

  /** Position i is a sample's target: the {@code reach} intervals before it were observed. */
  private boolean isTarget(int i, int reach, long dt) {
    return timeAt(i, dt) - timeAt(i - reach, dt) == reach * dt;
  }

  /** The time of position i, past the observations one interval per step. */
  private long timeAt(int i, long dt) {
    int n = time.length;
    return i < n ? time[i] : time[n - 1] + (i - n + 1) * dt;
  }

  /** Times (epoch microseconds) of the finite values, ascending. Not copied: do not modify. */
  public long[] times() {
    return time;
  }

  /** The finite values, at {@link #times}. Not copied: do not modify. */
  public double[] values() {
    return value;
  }
}
