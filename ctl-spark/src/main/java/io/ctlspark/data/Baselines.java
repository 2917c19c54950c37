package io.ctlspark.data;

/**
 * The forecasts a run is compared with, scored on the same tasks and test rows as its models:
 * seasonal naive at the daily and weekly period (null where the data have no time, or the
 * interval does not divide a day), per-task ridge regression (null when not computed) and one
 * global gradient-boosted-trees model (null unless asked for).
 */
public record Baselines(NaiveScores daily, NaiveScores weekly, RidgeScores ridge,
    GbtScores gbt) {
  public static final Baselines NONE = new Baselines(null, null, null, null);

  /** The naive forecast MASE scales by: weekly when its in-sample history exists, else daily. */
  public NaiveScores masePeriod(int v) {
    if (weekly != null && weekly.inSampleRows()[v] > 0) {
      return weekly;
    }
    return daily != null && daily.inSampleRows()[v] > 0 ? daily : null;
  }
}
