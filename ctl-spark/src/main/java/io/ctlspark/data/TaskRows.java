package io.ctlspark.data;

import io.ctlspark.BadInputException;
import java.io.Serializable;
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
        String file = r.getString(1).isEmpty() ? sources[r.getInt(0)] : r.getString(1);
        throw new BadInputException(file + ": " + r.getString(3)
            + (id == null ? "" : " (task '" + id + "')"));
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
