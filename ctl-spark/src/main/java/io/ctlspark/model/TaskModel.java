package io.ctlspark.model;

import java.io.Serializable;

/**
 * One task's trained model as stored: parameters plus the task's standardisation statistics, so
 * that it scores raw feature rows. The arithmetic is the evaluation's, operation for operation
 * ((x - mean) / std, the model, then yhat * std_y + mean_y), so stored models reproduce the
 * training run's test predictions bit for bit.
 */
public final class TaskModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] params;
  private final double[] xMean;
  private final double[] xStd;
  private final double yMean;
  private final double yStd;

  public TaskModel(double[] params, double[] xMean, double[] xStd, double yMean, double yStd) {
    this.params = params;
    this.xMean = xMean;
    this.xStd = xStd;
    this.yMean = yMean;
    this.yStd = yStd;
  }

  public double[] parameters() {
    return params;
  }

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

  /** The prediction for one raw feature row, on the label's original scale. */
  public double predict(Model model, double[] rawX) {
    double[] z = new double[rawX.length];
    for (int j = 0; j < z.length; j++) {
      z[j] = (rawX[j] - xMean[j]) / xStd[j];
    }
    return model.predict(params, z, 0) * yStd + yMean;
  }
}
