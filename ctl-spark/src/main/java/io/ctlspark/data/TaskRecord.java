package io.ctlspark.data;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One task, compact: the unit of work of the cascade. Training rows are standardised with the
 * task's own training statistics (features, and the label unless the model is a classifier); test
 * features use the same statistics and test labels stay on the original scale, where every metric
 * is computed. Row order is the input's (file, then row), so results do not depend on how Spark
 * split the input.
 *
 * <p>A plain class, not a record: Kryo 4 (what Spark ships) does not serialise Java records.
 */
public final class TaskRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String id;
  private final int index;
  private final int d;
  private final int nTrain;
  private final double[] xTrain;
  private final double[] yTrain;
  private final int nTest;
  private final double[] xTest;
  private final double[] yTest;
  private final double[] xMean;
  private final double[] xStd;
  private final double yMean;
  private final double yStd;

  private TaskRecord(String id, int index, int d, int nTrain, double[] xTrain, double[] yTrain,
      int nTest, double[] xTest, double[] yTest, double[] xMean, double[] xStd, double yMean,
      double yStd) {
    this.id = id;
    this.index = index;
    this.d = d;
    this.nTrain = nTrain;
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.nTest = nTest;
    this.xTest = xTest;
    this.yTest = yTest;
    this.xMean = xMean;
    this.xStd = xStd;
    this.yMean = yMean;
    this.yStd = yStd;
  }

  /** Whether {@code other} holds the same task, rows and statistics, bit for bit. */
  public boolean sameAs(TaskRecord other) {
    return id.equals(other.id) && index == other.index && d == other.d && nTrain == other.nTrain
        && nTest == other.nTest && Arrays.equals(xTrain, other.xTrain)
        && Arrays.equals(yTrain, other.yTrain) && Arrays.equals(xTest, other.xTest)
        && Arrays.equals(yTest, other.yTest) && Arrays.equals(xMean, other.xMean)
        && Arrays.equals(xStd, other.xStd)
        && Double.doubleToLongBits(yMean) == Double.doubleToLongBits(other.yMean)
        && Double.doubleToLongBits(yStd) == Double.doubleToLongBits(other.yStd);
  }

  /**
   * Standardises raw rows (row-major x, n x d) into a record. When {@code standardizeLabel} is
   * false (classification) labels are kept as they are, with mean 0 and scale 1. The raw arrays
   * are left as they are.
   */
  public static TaskRecord standardize(String id, int index, int d, double[] rawXTrain,
      double[] rawYTrain, double[] rawXTest, double[] rawYTest, boolean standardizeLabel) {
    return standardizeInPlace(id, index, d,
        Arrays.copyOf(rawXTrain, rawYTrain.length * d), rawYTrain.clone(),
        Arrays.copyOf(rawXTest, rawYTest.length * d), rawYTest.clone(), standardizeLabel);
  }

  /**
   * As {@link #standardize}, over the given arrays themselves, which become the record's: for
   * rows nobody else holds (a task's rows just grouped by the loader). A loaded task's raw rows
   * are then not copied once more (at T = 2,000 a quarter of what a load allocates), so fewer
   * young collections copy them and less fresh heap is touched.
   */
  static TaskRecord standardizeInPlace(String id, int index, int d, double[] xTrain,
      double[] yTrain, double[] xTest, double[] yTest, boolean standardizeLabel) {
    int nTrain = yTrain.length;
    int nTest = yTest.length;
    if (nTrain == 0) {
      throw new IllegalArgumentException("task '" + id + "' has no training rows");
    }
    double[] xMean = Standardization.columnMeans(xTrain, nTrain, d);
    double[] xStd = Standardization.featureStds(xTrain, nTrain, d, xMean);
    double yMean = 0.0;
    double yStd = 1.0;
    if (standardizeLabel) {
      yMean = Standardization.columnMeans(yTrain, nTrain, 1)[0];
      yStd = Standardization.columnStds(yTrain, nTrain, 1, new double[] {yMean})[0];
      Standardization.applyInPlace(yTrain, nTrain, 1, new double[] {yMean},
          new double[] {yStd});
    }
    Standardization.applyInPlace(xTrain, nTrain, d, xMean, xStd);
    Standardization.applyInPlace(xTest, nTest, d, xMean, xStd);
    return new TaskRecord(id, index, d, nTrain, xTrain, yTrain, nTest, xTest, yTest, xMean,
        xStd, yMean, yStd);
  }

  /** The same task at another index (the arrays are shared). */
  TaskRecord withIndex(int newIndex) {
    return new TaskRecord(id, newIndex, d, nTrain, xTrain, yTrain, nTest, xTest, yTest, xMean,
        xStd, yMean, yStd);
  }

  /**
   * The same task without its test rows: what training needs, and half or less of what a shuffle
   * that places tasks for training has to move.
   */
  public TaskRecord trainingOnly() {
    return new TaskRecord(id, index, d, nTrain, xTrain, yTrain, 0, new double[0], new double[0],
        xMean, xStd, yMean, yStd);
  }

  /**
   * The tuning split of ctl-method.md: {@code rows} of the standardised training rows (the first
   * ones, or the last ones for time series) become the test set, with labels back on the
   * original scale as for any test set, and the rest the training set. The standardisation
   * statistics stay those of all training rows.
   */
  public TaskRecord validationSplit(int rows, boolean last) {
    if (nTrain <= rows) {
      throw new InvalidSettingException("task '" + id + "' has " + nTrain + " training "
          + "rows: a validation split of " + rows + " leaves none to train on ({0})",
          Setting.TUNE_VALIDATION_ROWS);
    }
    int fit = nTrain - rows;
    int fitStart = last ? 0 : rows;
    int valStart = last ? fit : 0;
    double[] yVal = new double[rows];
    for (int i = 0; i < rows; i++) {
      yVal[i] = toOriginalScale(yTrain[valStart + i]);
    }
    return new TaskRecord(id, index, d, fit,
        java.util.Arrays.copyOfRange(xTrain, fitStart * d, (fitStart + fit) * d),
        java.util.Arrays.copyOfRange(yTrain, fitStart, fitStart + fit), rows,
        java.util.Arrays.copyOfRange(xTrain, valStart * d, (valStart + rows) * d), yVal, xMean,
        xStd, yMean, yStd);
  }

  public String id() {
    return id;
  }

  /** Position of the task in the run's sorted task list: what trees and plans refer to. */
  public int index() {
    return index;
  }

  public int featureCount() {
    return d;
  }

  public int trainRows() {
    return nTrain;
  }

  /** Standardised training features, row-major. Not copied: do not modify. */
  public double[] xTrain() {
    return xTrain;
  }

  /** Training labels on the training scale. Not copied: do not modify. */
  public double[] yTrain() {
    return yTrain;
  }

  public int testRows() {
    return nTest;
  }

  public double[] xTest() {
    return xTest;
  }

  /** Test labels on the original scale. */
  public double[] yTest() {
    return yTest;
  }

  /** Mean raw training features: the task's vector for the medoid root rule. */
  public double[] xMean() {
    return xMean;
  }

  public double[] xStd() {
    return xStd;
  }

  public double yMean() {
    return yMean;
  }

  public double yStd() {
    return yStd;
  }

  /** Maps a prediction on the training scale back to the label's original scale. */
  public double toOriginalScale(double yhat) {
    return yhat * yStd + yMean;
  }
}
