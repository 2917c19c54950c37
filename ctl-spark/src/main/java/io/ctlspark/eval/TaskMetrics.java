package io.ctlspark.eval;

import io.ctlspark.data.Standardization;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.Model;
import java.io.Serializable;

/**
 * Test metrics of one task on the original label scale: MSE, RMSE, MAE, MAPE (in percent, over
 * the rows with |y| > 1e-8; NaN when there are none) and WAPE (sum |error| / sum |y|, defined
 * when loads are near zero, unlike MAPE; NaN when every y is 0).
 */
public final class TaskMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final double mse;
  private final double mape;
  private final int rows;
  private final double absError;
  private final double absActual;
  private final int constantFeatures;

  /**
   * @param rows test rows scored
   * @param absError sum of |error| over them
   * @param absActual sum of |y| over them
   */
  public TaskMetrics(int index, double mse, double mape, int rows, double absError,
      double absActual) {
    this(index, mse, mape, rows, absError, absActual, 0);
  }

  /** @param constantFeatures features constant in the task's training rows (scale 1) */
  public TaskMetrics(int index, double mse, double mape, int rows, double absError,
      double absActual, int constantFeatures) {
    this.constantFeatures = constantFeatures;
    this.index = index;
    this.mse = mse;
    this.mape = mape;
    this.rows = rows;
    this.absError = absError;
    this.absActual = absActual;
  }

  /** Predicts every test row of the task with {@code params} and scores it. */
  public static TaskMetrics evaluate(TaskRecord task, Model model, double[] params) {
    int d = task.featureCount();
    double[] x = task.xTest();
    double[] y = task.yTest();
    double se = 0.0;
    double ape = 0.0;
    int apeRows = 0;
    double ae = 0.0;
    double actual = 0.0;
    for (int i = 0; i < task.testRows(); i++) {
      double yhat = task.toOriginalScale(model.predict(params, x, i * d));
      double err = yhat - y[i];
      se += err * err;
      ae += Math.abs(err);
      actual += Math.abs(y[i]);
      if (Math.abs(y[i]) > 1e-8) {
        ape += Math.abs(err) / Math.abs(y[i]);
        apeRows++;
      }
    }
    return new TaskMetrics(task.index(), se / task.testRows(),
        apeRows == 0 ? Double.NaN : 100.0 * ape / apeRows, task.testRows(), ae, actual,
        Standardization.constantColumns(task.xStd()));
  }

  /** Features that were constant in the task's training rows (Standardization#featureStds). */
  public int constantFeatures() {
    return constantFeatures;
  }

  public int index() {
    return index;
  }

  public double mse() {
    return mse;
  }

  public double rmse() {
    return Math.sqrt(mse);
  }

  public double mape() {
    return mape;
  }

  public double mae() {
    return absError / rows;
  }

  /** sum |error| / sum |y| over the test rows; NaN when every y is 0. */
  public double wape() {
    return absActual > 0 ? absError / absActual : Double.NaN;
  }

  public int rows() {
    return rows;
  }

  public double absError() {
    return absError;
  }

  public double absActual() {
    return absActual;
  }
}
