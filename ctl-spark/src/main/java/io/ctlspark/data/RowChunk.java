package io.ctlspark.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Usable rows of one task, one split and one piece of an input file (from byte {@code start}),
 * gathered in one input partition in the order read, with the rows' sort keys (position or order
 * column) and how many rows of the same task, split and piece were dropped as non-finite. The
 * unit that {@link ChunkedGrouping} shuffles: a few per task instead of one record per row.
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

  boolean full(int d) {
    return (long) rows * (d + 2) >= MAX_DOUBLES;
  }

  /** This chunk with its arrays cut to the rows it holds (copied only if longer), for shipping. */
  RowChunk trimmed(int d) {
    if (y.length != rows) {
      order = Arrays.copyOf(order, rows);
      x = Arrays.copyOf(x, rows * d);
      y = Arrays.copyOf(y, rows);
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
