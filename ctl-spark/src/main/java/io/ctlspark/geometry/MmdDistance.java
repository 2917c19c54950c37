package io.ctlspark.geometry;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.Arrays;
import java.util.List;

/**
 * MMD between the (per-task standardised) feature sets with an RBF kernel: sigma by the median
 * heuristic, sqrt(median squared pairwise distance / 2) over at most 1,000 pooled rows (when there
 * are more, 1,000 evenly spaced ones in task order: a deterministic choice); MMD^2 with the
 * unbiased within-set terms; distance sqrt(max(0, MMD^2)). Within-set terms are computed once per
 * task; each pair costs O(m n d).
 */
final class MmdDistance implements TaskDistance {
  static final int MAX_POOLED = 1000;
  private final double[][] x;
  private final int d;
  private final double gamma;
  private final double[] within;

  /** @param s every task's feature rows */
  MmdDistance(List<FeatureRows> s, String[] ids) {
    int tasks = s.size();
    this.x = new double[tasks][];
    this.d = s.get(0).d;
    int pooled = 0;
    for (int v = 0; v < tasks; v++) {
      x[v] = s.get(v).x;
      pooled += s.get(v).n;
    }
    double[][] sample = pooledSample(pooled);
    this.gamma = 1.0 / (2.0 * bandwidthSquared(sample));
    this.within = new double[tasks];
    for (int v = 0; v < tasks; v++) {
      int n = x[v].length / d;
      if (n < 2) {
        throw new InvalidSettingException("{0} = mmd-feature: task '" + ids[v] + "' has " + n
            + " training row; the unbiased MMD needs at least 2", Setting.DISTANCE);
      }
      double sum = 0.0;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (a != b) {
            sum += kernel(x[v], a, x[v], b);
          }
        }
      }
      within[v] = sum / ((double) n * (n - 1));
    }
  }

  private double[][] pooledSample(int pooled) {
    int take = Math.min(pooled, MAX_POOLED);
    double[][] out = new double[take][];
    int k = 0;
    int seen = 0;
    for (double[] task : x) {
      for (int r = 0; r < task.length / d; r++, seen++) {
        if (k < take && seen == (int) ((long) k * pooled / take)) {
          out[k++] = Arrays.copyOfRange(task, r * d, r * d + d);
        }
      }
    }
    return out;
  }

  /** sigma^2 = median squared pairwise distance / 2. */
  private static double bandwidthSquared(double[][] rows) {
    int m = rows.length;
    double[] sq = new double[m * (m - 1) / 2];
    int k = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        sq[k++] = squared(rows[i], 0, rows[j], 0, rows[i].length);
      }
    }
    Arrays.sort(sq);
    double median = sq.length % 2 == 1 ? sq[sq.length / 2]
        : (sq[sq.length / 2 - 1] + sq[sq.length / 2]) / 2;
    if (!(median > 0)) {
      throw new InvalidSettingException("{0} = mmd-feature: the pooled feature rows are all "
          + "equal, so the kernel bandwidth is zero", Setting.DISTANCE);
    }
    return median / 2;
  }

  private static double squared(double[] a, int ao, double[] b, int bo, int len) {
    double s = 0.0;
    for (int j = 0; j < len; j++) {
      double t = a[ao + j] - b[bo + j];
      s += t * t;
    }
    return s;
  }

  private double kernel(double[] a, int ra, double[] b, int rb) {
    return Math.exp(-gamma * squared(a, ra * d, b, rb * d, d));
  }

  @Override
  public int taskCount() {
    return x.length;
  }

  @Override
  public double between(int i, int j) {
    if (i == j) {
      return 0.0;
    }
    int m = x[i].length / d;
    int n = x[j].length / d;
    double cross = 0.0;
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < n; b++) {
        cross += kernel(x[i], a, x[j], b);
      }
    }
    double mmd2 = within[i] + within[j] - 2.0 * cross / ((double) m * n);
    return Math.sqrt(Math.max(0.0, mmd2));
  }
}
