package io.ctlspark.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Rows of one raw series read in one input partition, in the order read: their times (epoch
 * microseconds) and values (NaN where the value is missing or not a number). The unit that the
 * feature builder shuffles: one per series and partition, instead of one record per row.
 */
public final class SeriesChunk implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A chunk this long is shipped and a new one started: bounds a reader's memory. */
  static final int MAX_ROWS = 1 << 16;
  long[] time;
  double[] value;
  int rows;

  SeriesChunk() {
    time = new long[16];
    value = new double[16];
  }

  void add(long t, double v) {
    if (rows == time.length) {
      time = Arrays.copyOf(time, rows * 2);
      value = Arrays.copyOf(value, rows * 2);
    }
    time[rows] = t;
    value[rows] = v;
    rows++;
  }

  boolean full() {
    return rows >= MAX_ROWS;
  }

  /** This chunk with its arrays cut to the rows it holds, for shipping. */
  SeriesChunk trimmed() {
    time = Arrays.copyOf(time, rows);
    value = Arrays.copyOf(value, rows);
    return this;
  }
}
