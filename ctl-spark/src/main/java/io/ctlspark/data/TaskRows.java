package io.ctlspark.data;

import io.ctlspark.BadInputException;
import java.io.Serializable;
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
   * From one grouped row: (_task, bad: the first unreadable row or null, train x (flattened), train
   * y, test x, test y, dropped train rows, dropped test rows); rows already in input order.
   *
   * @param sources the configuration key and path of each split, for error messages
   */
  static TaskRows fromGroup(Row group, String[] sources) {
    String id = group.getString(0);
    if (!group.isNullAt(1)) {
      Row bad = group.getStruct(1);
      String file = bad.getString(1).isEmpty() ? sources[bad.getInt(0)] : bad.getString(1);
      throw new BadInputException(file + ": " + bad.getString(3)
          + (id == null ? "" : " (task '" + id + "')"));
    }
    return new TaskRows(id, doubles(group, 2), doubles(group, 3), doubles(group, 4),
        doubles(group, 5), group.getInt(6), group.getInt(7));
  }

  private static double[] doubles(Row row, int field) {
    scala.collection.Seq<Object> seq = row.getSeq(field);
    double[] out = new double[seq.size()];
    scala.collection.Iterator<Object> it = seq.iterator();
    for (int i = 0; it.hasNext(); i++) {
      out[i] = (Double) it.next();
    }
    return out;
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
