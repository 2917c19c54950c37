package io.ctlspark.data;

import io.ctlspark.BadInputException;
import io.ctlspark.features.SeriesSamples;
import io.ctlspark.features.TimeSplit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The raw rows of one task after grouping, in input order (file, then position in the file), with
 * rows that hold a non-finite feature or label removed and counted.
 */
public final class TaskRows implements Serializable {
  private static final long serialVersionUID = 1L;
  final String id;
  final double[] xTrain;
  final double[] yTrain;
  final double[] xTest;
  final double[] yTest;
  final int droppedTrain;
  final int droppedTest;
  /** The seasonal naive's observations ({@link RowChunk#observe}), or null when none kept. */
  final double[] observed;

  private TaskRows(String id, double[] xTrain, double[] yTrain, double[] xTest, double[] yTest,
      int droppedTrain, int droppedTest) {
    this(id, xTrain, yTrain, xTest, yTest, droppedTrain, droppedTest, null);
  }

  private TaskRows(String id, double[] xTrain, double[] yTrain, double[] xTest, double[] yTest,
      int droppedTrain, int droppedTest, double[] observed) {
    this.id = id;
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.xTest = xTest;
    this.yTest = yTest;
    this.droppedTrain = droppedTrain;
    this.droppedTest = droppedTest;
    this.observed = observed;
  }

  /**
   * From one grouped row: (_task, rows), the rows sorted by (split, file, position) and each a
   * struct (_split, _file, _row, _bad, _ok, _x, _y).
   *
   * @param sources the configuration key and path of each split, for error messages
   */
  static TaskRows fromGroup(Row group, int d, String[] sources) {
    String id = group.getString(0);
    List<Row> rows = group.getList(1);
    int[] usable = new int[2];
    int[] dropped = new int[2];
    for (Row r : rows) {
      if (!r.isNullAt(3)) {
        throw badRow(r.getString(1), sources[r.getInt(0)], r.getString(3), id);
      }
      (r.getBoolean(4) ? usable : dropped)[r.getInt(0)]++;
    }
    double[][] x = {new double[usable[0] * d], new double[usable[1] * d]};
    double[][] y = {new double[usable[0]], new double[usable[1]]};
    int[] filled = new int[2];
    for (Row r : rows) {
      if (!r.getBoolean(4)) {
        continue;
      }
      int split = r.getInt(0);
      int i = filled[split]++;
      scala.collection.Iterator<Object> it = r.<Object>getSeq(5).iterator();
      for (int j = 0; j < d; j++) {
        x[split][i * d + j] = (Double) it.next();
      }
      y[split][i] = r.getDouble(6);
    }
    return new TaskRows(id, x[0], y[0], x[1], y[1], dropped[0], dropped[1]);
  }

  /**
   * A row the normalised table marked bad (its _bad): named by its file, or by its table's
   * source when the file is unknown (empty), and by its task when it has one.
   */
  static BadInputException badRow(String file, String source, String problem, String task) {
    return new BadInputException((file.isEmpty() ? source : file) + ": " + problem
        + (task == null ? "" : " (task '" + task + "')"));
  }

  /**
   * From one task's chunks ({@link ChunkedGrouping}): the usable rows sorted as
   * {@link #fromGroup} sorts them (split, file, position in the file; rows with equal keys by
   * their values, as Spark's sort_array orders structs), so both groupings give the same arrays.
   */
  static TaskRows fromChunks(String id, Iterable<RowChunk> chunks, int d) {
    List<RowChunk> list = new ArrayList<>();
    int[] usable = new int[2];
    int[] dropped = new int[2];
    for (RowChunk c : chunks) {
      list.add(c);
      usable[c.split] += c.rows;
      dropped[c.split] += c.dropped;
    }
    // Files compare as Spark compares strings: by their UTF-8 bytes.
    list.sort((a, b) -> a.split != b.split ? Integer.compare(a.split, b.split)
        : UTF8String.fromString(a.file).compareTo(UTF8String.fromString(b.file)));
    // Sorted chunks of one (split, file) share a rank; ranks order rows of different files.
    int[] rank = new int[list.size()];
    for (int c = 1; c < list.size(); c++) {
      RowChunk a = list.get(c - 1);
      RowChunk b = list.get(c);
      rank[c] = rank[c - 1] + (a.split == b.split && a.file.equals(b.file) ? 0 : 1);
    }
    double[][] x = new double[2][];
    double[][] y = new double[2][];
    if (!inOrder(list, rank, x, y, usable, d)) {
      sortRows(list, rank, x, y, usable, d);
    }
    return new TaskRows(id, x[0], y[0], x[1], y[1], dropped[0], dropped[1],
        observed(list, rank));
  }

  /**
   * The chunks' observations one after the other, by split, file ({@code rank}, as
   * {@link #fromChunks} orders them) and piece of the file (each chunk's in the order read), or
   * null when the chunks kept none.
   */
  private static double[] observed(List<RowChunk> list, int[] rank) {
    List<Integer> keeping = new ArrayList<>();
    int n = 0;
    for (int c = 0; c < list.size(); c++) {
      if (list.get(c).seen != null) {
        keeping.add(c);
        n += 3 * list.get(c).observed;
      }
    }
    if (keeping.isEmpty()) {
      return null;
    }
    // Stable: the chunks of one piece keep the order they were read in.
    keeping.sort((p, q) -> rank[p] != rank[q] ? Integer.compare(rank[p], rank[q])
        : Long.compare(list.get(p).start, list.get(q).start));
    double[] out = new double[n];
    int at = 0;
    for (int c : keeping) {
      RowChunk chunk = list.get(c);
      System.arraycopy(chunk.seen, 0, out, at, 3 * chunk.observed);
      at += 3 * chunk.observed;
    }
    return out;
  }

  /**
   * The usual case, where each chunk's rows are in order and the chunks follow one another:
   * the rows of each split are the chunks' rows one after the other (a split's only chunk's
   * arrays as they are), with no row sorted. Fills x and y and returns true when so.
   */
  private static boolean inOrder(List<RowChunk> list, int[] rank, double[][] x, double[][] y,
      int[] usable, int d) {
    // By rank, piece, then first key: in order when no chunk's keys overlap the next one's.
    Integer[] byKey = new Integer[list.size()];
    for (int c = 0; c < byKey.length; c++) {
      if (!list.get(c).ascending()) {
        return false;
      }
      byKey[c] = c;
    }
    Arrays.sort(byKey, (p, q) -> {
      RowChunk a = list.get(p);
      RowChunk b = list.get(q);
      int c = Integer.compare(rank[p], rank[q]);
      c = c != 0 ? c : Long.compare(a.start, b.start);
      return c != 0 ? c : Long.compare(first(a), first(b));
    });
    for (int k = 1; k < byKey.length; k++) {
      RowChunk a = list.get(byKey[k - 1]);
      RowChunk b = list.get(byKey[k]);
      if (rank[byKey[k - 1]] == rank[byKey[k]] && a.start == b.start && a.rows > 0
          && b.rows > 0 && a.order[a.rows - 1] >= b.order[0]) {
        return false;
      }
    }
    int[] filled = new int[2];
    for (int c : byKey) {
      RowChunk chunk = list.get(c);
      int s = chunk.split;
      if (chunk.rows == usable[s] && chunk.x.length == chunk.rows * d
          && chunk.y.length == chunk.rows) {
        x[s] = chunk.x;
        y[s] = chunk.y;
      } else {
        if (x[s] == null) {
          x[s] = new double[usable[s] * d];
          y[s] = new double[usable[s]];
        }
        System.arraycopy(chunk.x, 0, x[s], filled[s] * d, chunk.rows * d);
        System.arraycopy(chunk.y, 0, y[s], filled[s], chunk.rows);
        filled[s] += chunk.rows;
      }
    }
    for (int s = 0; s < 2; s++) {
      if (x[s] == null) {
        x[s] = new double[0];
        y[s] = new double[0];
      }
    }
    return true;
  }

  private static long first(RowChunk c) {
    return c.rows == 0 ? Long.MIN_VALUE : c.order[0];
  }

  /** The general case: every row of the task sorted by its key, then its values. */
  private static void sortRows(List<RowChunk> list, int[] rank, double[][] x, double[][] y,
      int[] usable, int d) {
    int[] chunkOf = new int[usable[0] + usable[1]];
    int[] rowOf = new int[chunkOf.length];
    int n = 0;
    for (int c = 0; c < list.size(); c++) {
      for (int i = 0; i < list.get(c).rows; i++) {
        chunkOf[n] = c;
        rowOf[n++] = i;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> {
      int c = Integer.compare(rank[chunkOf[p]], rank[chunkOf[q]]);
      return c != 0 ? c : compareRows(list.get(chunkOf[p]), rowOf[p], list.get(chunkOf[q]),
          rowOf[q], d);
    });
    for (int s = 0; s < 2; s++) {
      x[s] = new double[usable[s] * d];
      y[s] = new double[usable[s]];
    }
    int[] filled = new int[2];
    for (int k : order) {
      RowChunk c = list.get(chunkOf[k]);
      int i = filled[c.split]++;
      System.arraycopy(c.x, rowOf[k] * d, x[c.split], i * d, d);
      y[c.split][i] = c.y[rowOf[k]];
    }
  }

  /**
   * From one series' samples: those coded TimeSplit.TRAIN are the training rows, those coded
   * {@code evaluated} the test rows, in time order (the order {@link #fromChunks} gives samples
   * keyed by time); a sample with a non-finite label or feature is dropped and counted, as there.
   */
  static TaskRows fromSamples(SeriesSamples s, int evaluated) {
    int d = s.d;
    int[] codes = {TimeSplit.TRAIN, evaluated};
    double[][] x = new double[2][];
    double[][] y = new double[2][];
    int[] dropped = new int[2];
    for (int k = 0; k < 2; k++) {
      int usable = 0;
      for (int i = 0; i < s.size(); i++) {
        if (s.split[i] == codes[k]) {
          if (finite(s, i)) {
            usable++;
          } else {
            dropped[k]++;
          }
        }
      }
      x[k] = new double[usable * d];
      y[k] = new double[usable];
      int r = 0;
      for (int i = 0; i < s.size(); i++) {
        if (s.split[i] == codes[k] && finite(s, i)) {
          System.arraycopy(s.x, i * d, x[k], r * d, d);
          y[k][r++] = s.label[i];
        }
      }
    }
    return new TaskRows(s.series, x[0], y[0], x[1], y[1], dropped[0], dropped[1]);
  }

  private static boolean finite(SeriesSamples s, int i) {
    boolean ok = Double.isFinite(s.label[i]);
    for (int j = 0; ok && j < s.d; j++) {
      ok = Double.isFinite(s.x[i * s.d + j]);
    }
    return ok;
  }

  /**
   * Rows of one split and file: by the piece of the file they come from, their key within it,
   * then by value (Spark's order: -0.0 equals 0.0).
   */
  private static int compareRows(RowChunk a, int i, RowChunk b, int j, int d) {
    int c = Long.compare(a.start, b.start);
    if (c == 0) {
      c = Long.compare(a.order[i], b.order[j]);
    }
    for (int k = 0; c == 0 && k < d; k++) {
      c = compareDoubles(a.x[i * d + k], b.x[j * d + k]);
    }
    return c != 0 ? c : compareDoubles(a.y[i], b.y[j]);
  }

  private static int compareDoubles(double u, double v) {
    return u == v ? 0 : Double.compare(u, v);
  }

  /**
   * The task standardised, at index -1: its dataset gives it its index once every task is
   * counted ({@link TaskRecord#withIndex}).
   */
  TaskRecord toRecord(int d, boolean classifier) {
    if (classifier) {
      for (double[] labels : new double[][] {yTrain, yTest}) {
        for (double v : labels) {
          if (v != 0.0 && v != 1.0) {
            throw new BadInputException("task '" + id + "': label " + v
                + " is not 0 or 1, as the logistic model needs");
          }
        }
      }
    }
    // Every way a TaskRows is made gives it arrays of its own (fresh, or a chunk's just read
    // from the shuffle), and it is dropped once it is a record: standardised where they are.
    return TaskRecord.standardizeInPlace(id, -1, d, xTrain, yTrain, xTest, yTest, !classifier);
  }

  /** Whether the task has usable training and test rows: the tasks a dataset can keep. */
  boolean kept() {
    return yTrain.length > 0 && yTest.length > 0;
  }

  /** Counts for the driver: usable train and test rows, dropped train and test rows. */
  long[] counts() {
    return new long[] {yTrain.length, yTest.length, droppedTrain, droppedTest};
  }
}
