package io.ctlspark.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Usable rows of one task, one split and one piece of an input file (from byte {@code start}),
 * gathered in one input partition in the order read, with the rows' sort keys (position or order
 * column) and how many rows of the same task, split and piece were dropped as non-finite. The
 * unit that {@link ChunkedGrouping} shuffles: a few per task instead of one record per row.
 *
 * <p>A reader asked for them also keeps the rows' observations for the seasonal naive forecast
 * ({@link #observe}), every row with a finite label, dropped or not: they travel with the rows,
 * so the table is not read a second time for them.
 */
public final class RowChunk implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Above this many doubles a chunk is shipped and a new one started: bounds a reader's memory. */
  static final int MAX_DOUBLES = 1 << 17;
  String task;
  int split;
  String file;
  long start;
  int rows;
  int dropped;
  long[] order;
  double[] x;
  double[] y;
  /** {time, split, label} per observation, one after the other; null when none are kept. */
  double[] seen;
  int observed;

  /** For Kryo. */
  RowChunk() {
  }

  /** An empty chunk with room for {@code capacity} rows (it grows when they are not enough). */
  RowChunk(String task, int split, String file, long start, int d, int capacity) {
    this.task = task;
    this.split = split;
    this.file = file;
    this.start = start;
    order = new long[capacity];
    x = new double[capacity * d];
    y = new double[capacity];
  }

  void add(long key, double[] xs, double label) {
    if (rows == y.length) {
      int capacity = Math.max(16, rows * 2);
      order = Arrays.copyOf(order, capacity);
      x = Arrays.copyOf(x, capacity * xs.length);
      y = Arrays.copyOf(y, capacity);
    }
    order[rows] = key;
    System.arraycopy(xs, 0, x, rows * xs.length, xs.length);
    y[rows] = label;
    rows++;
  }

  /** Keeps one observation: time in epoch microseconds (NaN when unknown), split, label. */
  void observe(double time, int split, double label) {
    if (seen == null || 3 * (observed + 1) > seen.length) {
      seen = seen == null ? new double[3 * Math.max(16, y.length)]
          : Arrays.copyOf(seen, 2 * seen.length);
    }
    seen[3 * observed] = time;
    seen[3 * observed + 1] = split;
    seen[3 * observed + 2] = label;
    observed++;
  }

  boolean full(int d) {
    return (long) rows * (d + 2) + 3L * observed >= MAX_DOUBLES;
  }

  /** This chunk with its arrays cut to the rows it holds (copied only if longer), for shipping. */
  RowChunk trimmed(int d) {
    if (y.length != rows) {
      order = Arrays.copyOf(order, rows);
      x = Arrays.copyOf(x, rows * d);
      y = Arrays.copyOf(y, rows);
    }
    if (seen != null && seen.length != 3 * observed) {
      seen = Arrays.copyOf(seen, 3 * observed);
    }
    return this;
  }

  /** Whether the rows' keys strictly increase: then no two rows need their values compared. */
  boolean ascending() {
    for (int i = 1; i < rows; i++) {
      if (order[i - 1] >= order[i]) {
        return false;
      }
    }
    return true;
  }
}
