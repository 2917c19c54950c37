package io.ctlspark.data;

/**
 * A seasonal naive forecast's errors per task (by task index): on the test rows (where the value
 * one period back, or a multiple of it for horizons past the period, was observed; the others are
 * counted as undefined, not dropped silently) and in sample on the training rows (MASE's scale).
 *
 * @param name "daily" or "weekly"
 * @param period the season in intervals (24 and 168 for hourly data)
 */
public record NaiveScores(String name, int period, long[] testRows, double[] testSse,
    double[] testSae, long[] testUndefined, long[] inSampleRows, double[] inSampleSae) {

  /** Test RMSE of task v; NaN when no test row has a naive forecast. */
  public double rmse(int v) {
    return testRows[v] == 0 ? Double.NaN : Math.sqrt(testSse[v] / testRows[v]);
  }

  /** Test MAE of task v; NaN when undefined. */
  public double mae(int v) {
    return testRows[v] == 0 ? Double.NaN : testSae[v] / testRows[v];
  }

  /** In-sample MAE of the naive forecast on task v's training rows: MASE's denominator. */
  public double inSampleMae(int v) {
    return inSampleRows[v] == 0 ? Double.NaN : inSampleSae[v] / inSampleRows[v];
  }

  /** Test rows of every task without a naive forecast (too little history). */
  public long undefinedTotal() {
    long s = 0;
    for (long u : testUndefined) {
      s += u;
    }
    return s;
  }
}
