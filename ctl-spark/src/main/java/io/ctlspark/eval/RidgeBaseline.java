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
      // The penalty only adds to the diagonal: the system is built once for all of them.
      NormalEquations fitRows = NormalEquations.of(t.xTrain(), t.yTrain(), 0, n - validation, d);
      flops += fitRows.buildCost();
      for (double lambda : LAMBDAS) {
        double[] w = fitRows.solve(lambda);
        flops += fitRows.solveCost();
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
    NormalEquations all = NormalEquations.of(t.xTrain(), t.yTrain(), 0, n, d);
    double[] w = all.solve(best);
    flops += all.buildCost() + all.solveCost();
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

  /** Weights then intercept (length d + 1) of rows [from, to) with penalty {@code lambda}. */
  static double[] fit(double[] x, double[] y, int from, int to, int d, double lambda) {
    return NormalEquations.of(x, y, from, to, d).solve(lambda);
  }

  /**
   * The centred least-squares system of rows [from, to): the rows are centred, so the intercept
   * is not penalised. Primal, (Xc' Xc + lambda I) w = Xc' yc, a d x d system; or, with fewer
   * rows than features (a table of thousands of columns would need a d x d matrix per task),
   * dual, w = Xc' (Xc Xc' + lambda I)^-1 yc, n x n. Built once, solved for any lambda.
   */
  static final class NormalEquations {
    private final double[] x;
    private final int from;
    private final int n;
    private final int d;
    private final double[] xm;
    private final double ym;
    private final boolean dual;
    /** Xc' Xc (primal) or Xc Xc' (dual), without the penalty. */
    private final double[][] gram;
    /** Xc' yc (primal) or yc (dual). */
    private final double[] rhs;

    private NormalEquations(double[] x, double[] y, int from, int to, int d, boolean dual) {
      this.x = x;
      this.from = from;
      this.n = to - from;
      this.d = d;
      this.dual = dual;
      xm = new double[d];
      double mean = 0;
      for (int i = from; i < to; i++) {
        for (int j = 0; j < d; j++) {
          xm[j] += x[i * d + j];
        }
        mean += y[i];
      }
      for (int j = 0; j < d; j++) {
        xm[j] /= n;
      }
      ym = mean / n;
      // Each row is centred once, not once per product it enters (the same values, so the
      // same sums): the products are then a plain multiply-add loop.
      if (dual) {
        gram = new double[n][n];
        rhs = new double[n];
        double[][] xc = new double[n][];
        for (int i = 0; i < n; i++) {
          xc[i] = centred(x, from + i, xm);
        }
        for (int i = 0; i < n; i++) {
          rhs[i] = y[from + i] - ym;
          for (int l = 0; l <= i; l++) {
            double dot = 0;
            for (int j = 0; j < d; j++) {
              dot += xc[i][j] * xc[l][j];
            }
            gram[i][l] = dot;
            gram[l][i] = dot;
          }
        }
      } else {
        gram = new double[d][d];
        rhs = new double[d];
        for (int i = from; i < to; i++) {
          double yi = y[i] - ym;
          double[] xc = centred(x, i, xm);
          for (int j = 0; j < d; j++) {
            double xj = xc[j];
            rhs[j] += xj * yi;
            double[] row = gram[j];
            for (int k = 0; k <= j; k++) {
              row[k] += xj * xc[k];
            }
          }
        }
        for (int j = 0; j < d; j++) {
          for (int k = 0; k < j; k++) {
            gram[k][j] = gram[j][k];
          }
        }
      }
    }

    /** Row {@code i} of {@code x} minus the column means {@code xm}. */
    private static double[] centred(double[] x, int i, double[] xm) {
      double[] c = new double[xm.length];
      for (int j = 0; j < c.length; j++) {
        c[j] = x[i * c.length + j] - xm[j];
      }
      return c;
    }

    /** Primal, or dual when there are fewer rows than features. */
    static NormalEquations of(double[] x, double[] y, int from, int to, int d) {
      return new NormalEquations(x, y, from, to, d, to - from < d);
    }

    /** Either form, for the test that compares them. */
    static NormalEquations of(double[] x, double[] y, int from, int to, int d, boolean dual) {
      return new NormalEquations(x, y, from, to, d, dual);
    }

    /** Weights then intercept (length d + 1) under penalty {@code lambda}. */
    double[] solve(double lambda) {
      double[][] a = new double[gram.length][];
      for (int i = 0; i < a.length; i++) {
        a[i] = gram[i].clone();
        a[i][i] += lambda;
      }
      double[] solved = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false))
          .getSolver().solve(new ArrayRealVector(rhs.clone(), false)).toArray();
      double[] w = solved;
      if (dual) {
        w = new double[d];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            w[j] += solved[i] * (x[(from + i) * d + j] - xm[j]);
          }
        }
      }
      double[] out = new double[d + 1];
      double intercept = ym;
      for (int j = 0; j < d; j++) {
        out[j] = w[j];
        intercept -= w[j] * xm[j];
      }
      out[d] = intercept;
      return out;
    }

    /** Floating-point operations of building the system: about 2 n d^2, or 2 n^2 d dual. */
    long buildCost() {
      return dual ? 2L * n * n * d : 2L * n * d * d;
    }

    /** Of one Cholesky solve: about m^3 / 3 for the m x m system. */
    long solveCost() {
      long m = gram.length;
      return m * m * m / 3;
    }
  }

  static double predict(double[] w, double[] x, int row, int d) {
    double s = w[d];
    for (int j = 0; j < d; j++) {
      s += w[j] * x[row * d + j];
    }
    return s;
  }
}
