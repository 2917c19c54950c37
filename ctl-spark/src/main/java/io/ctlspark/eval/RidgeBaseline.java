package io.ctlspark.eval;

import io.ctlspark.data.RidgeScores;
import io.ctlspark.data.TaskRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.spark.api.java.JavaRDD;

/**
 * The per-task ridge baseline of forecasting.md: closed-form least squares on each task's
 * standardised training rows with an unpenalised intercept and an L2 penalty lambda chosen from
 * {1e-4, 1e-3, ..., 1e3} on the task's last training rows (a fifth of them, at least one), then
 * refit on all its training rows and scored on its test rows on the original scale. No step
 * budget: what "one linear model per meter" gives.
 */
public final class RidgeBaseline {
  static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000};

  private RidgeBaseline() {}

  /** Scores every task (by task index), on the executors where the tasks live. */
  public static RidgeScores score(JavaRDD<TaskRecord> records, int taskCount) {
    long t0 = System.nanoTime();
    List<double[]> rows = new ArrayList<>(records.map(RidgeBaseline::scoreTask).collect());
    rows.sort(Comparator.comparingDouble(r -> r[0]));
    double[] rmse = new double[taskCount];
    double[] mae = new double[taskCount];
    double[] lambda = new double[taskCount];
    long flops = 0;
    for (double[] r : rows) {
      int v = (int) r[0];
      rmse[v] = r[1];
      mae[v] = r[2];
      lambda[v] = r[3];
      flops += (long) r[4];
    }
    return new RidgeScores(rmse, mae, lambda, flops, (System.nanoTime() - t0) / 1e9);
  }

  /** {index, test RMSE, test MAE, lambda, flops} of one task. */
  static double[] scoreTask(TaskRecord t) {
    int n = t.trainRows();
    int d = t.featureCount();
    int validation = Math.max(1, n / 5);
    double best = LAMBDAS[LAMBDAS.length / 2];
    long flops = 0;
    if (n - validation >= 2) {
      double bestError = Double.POSITIVE_INFINITY;
      for (double lambda : LAMBDAS) {
        double[] w = fit(t.xTrain(), t.yTrain(), 0, n - validation, d, lambda);
        flops += cost(n - validation, d);
        double se = 0;
        for (int i = n - validation; i < n; i++) {
          double e = predict(w, t.xTrain(), i, d) - t.yTrain()[i];
          se += e * e;
        }
        if (se < bestError) {
          bestError = se;
          best = lambda;
        }
      }
    }
    double[] w = fit(t.xTrain(), t.yTrain(), 0, n, d, best);
    flops += cost(n, d);
    double se = 0;
    double ae = 0;
    for (int i = 0; i < t.testRows(); i++) {
      double e = t.toOriginalScale(predict(w, t.xTest(), i, d)) - t.yTest()[i];
      se += e * e;
      ae += Math.abs(e);
    }
    int m = t.testRows();
    return new double[] {t.index(), m == 0 ? Double.NaN : Math.sqrt(se / m),
        m == 0 ? Double.NaN : ae / m, best, flops};
  }

  /**
   * Gram matrix, right-hand side and Cholesky solve: about 2 n d^2 + d^3 / 3, or in the dual
   * form (fewer rows than features) 2 n^2 d + n^3 / 3.
   */
  private static long cost(int n, int d) {
    return n < d ? 2L * n * n * d + (long) n * n * n / 3
        : 2L * n * d * d + (long) d * d * d / 3;
  }

  /**
   * Weights then intercept (length d + 1) of rows [from, to): the rows are centred, so the
   * intercept is not penalised.
   */
  static double[] fit(double[] x, double[] y, int from, int to, int d, double lambda) {
    int n = to - from;
    double[] xm = new double[d];
    double ym = 0;
    for (int i = from; i < to; i++) {
      for (int j = 0; j < d; j++) {
        xm[j] += x[i * d + j];
      }
      ym += y[i];
    }
    for (int j = 0; j < d; j++) {
      xm[j] /= n;
    }
    ym /= n;
    double[] w = n < d ? dual(x, y, from, to, d, lambda, xm, ym)
        : primal(x, y, from, to, d, lambda, xm, ym);
    double[] out = new double[d + 1];
    double intercept = ym;
    for (int j = 0; j < d; j++) {
      out[j] = w[j];
      intercept -= w[j] * xm[j];
    }
    out[d] = intercept;
    return out;
  }

  /** (Xc' Xc + lambda I) w = Xc' yc: a d x d system. */
  static double[] primal(double[] x, double[] y, int from, int to, int d,
      double lambda, double[] xm, double ym) {
    double[][] a = new double[d][d];
    double[] b = new double[d];
    for (int i = from; i < to; i++) {
      double yi = y[i] - ym;
      for (int j = 0; j < d; j++) {
        double xj = x[i * d + j] - xm[j];
        b[j] += xj * yi;
        for (int k = 0; k <= j; k++) {
          a[j][k] += xj * (x[i * d + k] - xm[k]);
        }
      }
    }
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < j; k++) {
        a[k][j] = a[j][k];
      }
      a[j][j] += lambda;
    }
    return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false)).getSolver()
        .solve(new ArrayRealVector(b, false)).toArray();
  }

  /**
   * The same solution from an n x n system, for fewer rows than features (a table of thousands
   * of columns would need a d x d matrix per task): w = Xc' (Xc Xc' + lambda I)^-1 yc.
   */
  static double[] dual(double[] x, double[] y, int from, int to, int d,
      double lambda, double[] xm, double ym) {
    int n = to - from;
    double[][] k = new double[n][n];
    double[] yc = new double[n];
    for (int i = 0; i < n; i++) {
      yc[i] = y[from + i] - ym;
      for (int l = 0; l <= i; l++) {
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += (x[(from + i) * d + j] - xm[j]) * (x[(from + l) * d + j] - xm[j]);
        }
        k[i][l] = dot;
        k[l][i] = dot;
      }
      k[i][i] += lambda;
    }
    double[] alpha = new CholeskyDecomposition(new Array2DRowRealMatrix(k, false)).getSolver()
        .solve(new ArrayRealVector(yc, false)).toArray();
    double[] w = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        w[j] += alpha[i] * (x[(from + i) * d + j] - xm[j]);
      }
    }
    return w;
  }

  static double predict(double[] w, double[] x, int row, int d) {
    double s = w[d];
    for (int j = 0; j < d; j++) {
      s += w[j] * x[row * d + j];
    }
    return s;
  }
}
