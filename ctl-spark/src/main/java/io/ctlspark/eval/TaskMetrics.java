package io.ctlspark.eval;

import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.Model;
import java.io.Serializable;

/**
 * Test metrics of one task on the original label scale: MSE, RMSE and MAPE (in percent, over the
 * rows with |y| > 1e-8; NaN when there are none).
 */
public final class TaskMetrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final double mse;
  private final double mape;

  public TaskMetrics(int index, double mse, double mape) {
    this.index = index;
    this.mse = mse;
    this.mape = mape;
  }

  /** Predicts every test row of the task with {@code params} and scores it. */
  public static TaskMetrics evaluate(TaskRecord task, Model model, double[] params) {
    int d = task.featureCount();
    double[] x = task.xTest();
    double[] y = task.yTest();
    double se = 0.0;
    double ape = 0.0;
    int apeRows = 0;
    for (int i = 0; i < task.testRows(); i++) {
      double yhat = task.toOriginalScale(model.predict(params, x, i * d));
      double err = yhat - y[i];
      se += err * err;
      if (Math.abs(y[i]) > 1e-8) {
        ape += Math.abs(err) / Math.abs(y[i]);
        apeRows++;
      }
    }
    return new TaskMetrics(task.index(), se / task.testRows(),
        apeRows == 0 ? Double.NaN : 100.0 * ape / apeRows);
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
}
