package io.ctlspark.eval;

import io.ctlspark.data.Baselines;
import io.ctlspark.data.NaiveScores;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A run's test scores against its baselines, as forecasting.md defines them: RMSE skill
 * 1 - RMSE / RMSE_baseline (positive: better than the baseline) per task, and MASE, the test MAE
 * over the seasonal naive's in-sample MAE on the task's training rows (weekly period where the
 * history allows, else daily).
 */
public final class Skill {
  private Skill() {}

  /** 1 - rmse / baseline; NaN when the baseline is undefined or zero. */
  public static double rmseSkill(double rmse, double baseline) {
    return Double.isFinite(baseline) && baseline > 0 ? 1 - rmse / baseline : Double.NaN;
  }

  /** MASE of task v; NaN without a naive in-sample scale. */
  public static double mase(TaskMetrics m, Baselines b, int v) {
    NaiveScores scale = b.masePeriod(v);
    double s = scale == null ? Double.NaN : scale.inSampleMae(v);
    return Double.isFinite(s) && s > 0 ? m.mae() / s : Double.NaN;
  }

  /**
   * A baseline against the run, over the tasks where the baseline is defined: mean baseline
   * RMSE, the run's mean RMSE on the same tasks, the skill of the means (1 - ratio), the mean of
   * per-task skills, and how many tasks count.
   */
  public record Comparison(double baselineRmseMean, double rmseMean, double skill,
      double skillMean, int tasks) {}

  /** @param baselineRmse the baseline's test RMSE of task v (NaN where undefined) */
  public static Comparison compare(List<TaskMetrics> perTask, IntToDoubleFunction baselineRmse) {
    double base = 0;
    double own = 0;
    double skill = 0;
    int n = 0;
    for (TaskMetrics m : perTask) {
      double b = baselineRmse.applyAsDouble(m.index());
      if (Double.isFinite(b) && b > 0) {
        base += b;
        own += m.rmse();
        skill += rmseSkill(m.rmse(), b);
        n++;
      }
    }
    return n == 0 ? new Comparison(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0)
        : new Comparison(base / n, own / n, 1 - own / base, skill / n, n);
  }

  /** The headline skill columns of an experiment's tables, in {@link #HEADLINE}'s order. */
  public static final java.util.List<String> HEADLINE = java.util.List.of("skill_naive_daily",
      "skill_naive_weekly", "skill_ridge", "skill_global_gbt", "mase");

  /** RMSE skill (of the means) against each baseline, then mean MASE; NaN where undefined. */
  public static double[] headline(List<TaskMetrics> perTask, Baselines b) {
    return new double[] {
        b.daily() == null ? Double.NaN : compare(perTask, b.daily()::rmse).skill(),
        b.weekly() == null ? Double.NaN : compare(perTask, b.weekly()::rmse).skill(),
        b.ridge() == null ? Double.NaN : compare(perTask, v -> b.ridge().rmse()[v]).skill(),
        b.gbt() == null ? Double.NaN : compare(perTask, v -> b.gbt().rmse()[v]).skill(),
        maseMean(perTask, b)};
  }

  /** Mean MASE over the tasks where it is defined; NaN when none. */
  public static double maseMean(List<TaskMetrics> perTask, Baselines b) {
    double s = 0;
    int n = 0;
    for (TaskMetrics m : perTask) {
      double v = mase(m, b, m.index());
      if (Double.isFinite(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}
