package io.ctlspark.eval;

import java.util.List;

/** The run's headline figures: means over tasks of per-task RMSE, MSE and MAPE. */
public final class RunMetrics {
  private final double rmseMean;
  private final double mseMean;
  private final double mapeMean;

  private RunMetrics(double rmseMean, double mseMean, double mapeMean) {
    this.rmseMean = rmseMean;
    this.mseMean = mseMean;
    this.mapeMean = mapeMean;
  }

  /** Means in task order (the order fixes the floating-point sum); MAPE skips NaN tasks. */
  public static RunMetrics of(List<TaskMetrics> perTask) {
    double rmse = 0.0;
    double mse = 0.0;
    double mape = 0.0;
    int mapeTasks = 0;
    for (TaskMetrics m : perTask) {
      rmse += m.rmse();
      mse += m.mse();
      if (!Double.isNaN(m.mape())) {
        mape += m.mape();
        mapeTasks++;
      }
    }
    int n = perTask.size();
    return new RunMetrics(rmse / n, mse / n, mapeTasks == 0 ? Double.NaN : mape / mapeTasks);
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
}
