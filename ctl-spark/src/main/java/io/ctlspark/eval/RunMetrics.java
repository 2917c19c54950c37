package io.ctlspark.eval;

import java.util.List;

/**
 * The run's headline figures: means over tasks of per-task RMSE, MSE, MAE, MAPE and WAPE, and
 * WAPE over all tasks' test rows pooled (as utilities report it).
 */
public final class RunMetrics {
  private final double rmseMean;
  private final double mseMean;
  private final double mapeMean;
  private final double maeMean;
  private final double wapeMean;
  private final double wapePooled;

  private RunMetrics(double rmseMean, double mseMean, double mapeMean, double maeMean,
      double wapeMean, double wapePooled) {
    this.rmseMean = rmseMean;
    this.mseMean = mseMean;
    this.mapeMean = mapeMean;
    this.maeMean = maeMean;
    this.wapeMean = wapeMean;
    this.wapePooled = wapePooled;
  }

  /** Means in task order (the order fixes the floating-point sum); MAPE skips NaN tasks. */
  public static RunMetrics of(List<TaskMetrics> perTask) {
    double rmse = 0.0;
    double mse = 0.0;
    double mape = 0.0;
    int mapeTasks = 0;
    double mae = 0.0;
    double wape = 0.0;
    int wapeTasks = 0;
    double absError = 0.0;
    double absActual = 0.0;
    for (TaskMetrics m : perTask) {
      rmse += m.rmse();
      mse += m.mse();
      mae += m.mae();
      absError += m.absError();
      absActual += m.absActual();
      if (!Double.isNaN(m.wape())) {
        wape += m.wape();
        wapeTasks++;
      }
      if (!Double.isNaN(m.mape())) {
        mape += m.mape();
        mapeTasks++;
      }
    }
    int n = perTask.size();
    return new RunMetrics(rmse / n, mse / n, mapeTasks == 0 ? Double.NaN : mape / mapeTasks,
        mae / n, wapeTasks == 0 ? Double.NaN : wape / wapeTasks,
        absActual > 0 ? absError / absActual : Double.NaN);
  }

  public double rmseMean() {
    return rmseMean;
  }

  public double mseMean() {
    return mseMean;
  }

  public double mapeMean() {
    return mapeMean;
  }

  public double maeMean() {
    return maeMean;
  }

  public double wapeMean() {
    return wapeMean;
  }

  public double wapePooled() {
    return wapePooled;
  }
}
