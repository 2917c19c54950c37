package io.ctlspark.data;

import io.ctlspark.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

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

  private TaskRows(String id, double[] xTrain, double[] yTrain, double[] xTest, double[] yTest,
      int droppedTrain, int droppedTest) {
    this.id = id;
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.xTest = xTest;
    this.yTest = yTest;
    this.droppedTrain = droppedTrain;
    this.droppedTest = droppedTest;
  }

  /**
   * From one grouped row: (_task, rows: list of struct(_split, _file, _row, _bad, _x, _y)).
   *
   * @param sources the configuration key and path of each split, for error messages
   */
  static TaskRows fromGroup(Row group, int d, String[] sources) {
    String id = group.getString(0);
    List<Row> rows = new ArrayList<>(group.<Row>getList(1));
    rows.sort(Comparator.<Row>comparingInt(r -> r.getInt(0)).thenComparing(r -> r.getString(1))
        .thenComparingLong(r -> r.getLong(2)));
    for (Row r : rows) {
      if (!r.isNullAt(3)) {
        String file = r.getString(1).isEmpty() ? sources[r.getInt(0)] : r.getString(1);
        throw new BadInputException(file + ": " + r.getString(3)
            + (id == null ? "" : " (task '" + id + "')"));
      }
    }
    double[][] x = new double[2][];
    double[][] y = new double[2][];
    int[] dropped = new int[2];
    for (int split = 0; split < 2; split++) {
      final int s = split;
      List<Row> part = rows.stream().filter(r -> r.getInt(0) == s).toList();
      double[] xs = new double[part.size() * d];
      double[] ys = new double[part.size()];
      int n = 0;
      for (Row r : part) {
        List<Double> xr = r.getList(4);
        Double yr = r.isNullAt(5) ? null : r.getDouble(5);
        boolean finite = yr != null && Double.isFinite(yr);
        for (int j = 0; j < d && finite; j++) {
          Double v = xr.get(j);
          finite = v != null && Double.isFinite(v);
        }
        if (!finite) {
          dropped[s]++;
          continue;
        }
        for (int j = 0; j < d; j++) {
          xs[n * d + j] = xr.get(j);
        }
        ys[n++] = yr;
      }
      x[s] = java.util.Arrays.copyOf(xs, n * d);
      y[s] = java.util.Arrays.copyOf(ys, n);
    }
    return new TaskRows(id, x[0], y[0], x[1], y[1], dropped[0], dropped[1]);
  }

  TaskRecord toRecord(int index, int d, boolean classifier) {
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
    return TaskRecord.standardize(id, index, d, xTrain, yTrain, xTest, yTest, !classifier);
  }

  /** Counts for the driver: id, usable train and test rows, dropped train and test rows. */
  long[] counts() {
    return new long[] {yTrain.length, yTest.length, droppedTrain, droppedTest};
  }
}
