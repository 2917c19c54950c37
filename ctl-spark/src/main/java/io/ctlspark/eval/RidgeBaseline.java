package io.ctlspark.eval;

import io.ctlspark.data.RidgeScores;
import io.ctlspark.data.TaskRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
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
  /** commons-math's CholeskyDecomposition.DEFAULT_ABSOLUTE_POSITIVITY_THRESHOLD. */
  private static final double POSITIVITY_THRESHOLD = 1.0e-10;

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
        double[][] xc = new double[n][d];
        for (int i = 0; i < n; i++) {
          centre(x, from + i, xm, xc[i]);
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
        double[] xc = new double[d];
        for (int i = from; i < to; i++) {
          double yi = y[i] - ym;
          centre(x, i, xm, xc);
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

    /** Row {@code i} of {@code x} minus the column means {@code xm}, into {@code c}. */
    private static void centre(double[] x, int i, double[] xm, double[] c) {
      for (int j = 0; j < c.length; j++) {
        c[j] = x[i * c.length + j] - xm[j];
      }
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
      double[] solved = choleskySolve(gram, lambda, rhs);
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

    /**
     * The solution of (a + lambda I) x = b for a symmetric positive definite a, by Cholesky:
     * commons-math's CholeskyDecomposition and its solver, the same operations in the same
     * order, so the same bits (RidgeBaselineTest compares them).
     *
     * <p>Why hand-written: at d = 20 the library's checks and copies were most of the work
     * (it copies the matrix, checks its symmetry element by element, and wraps the vectors),
     * nine times per task; a is symmetric by construction here. The library's positivity
     * check is kept, with its exception.
     */
    static double[] choleskySolve(double[][] a, double lambda, double[] b) {
      int m = a.length;
      // Rows of L transposed: the upper triangle (the library zeroes the lower one).
      double[][] lt = new double[m][];
      for (int i = 0; i < m; i++) {
        double[] row = new double[m];
        System.arraycopy(a[i], i, row, i, m - i);
        row[i] += lambda;
        lt[i] = row;
      }
      for (int i = 0; i < m; i++) {
        double[] ltI = lt[i];
        if (ltI[i] <= POSITIVITY_THRESHOLD) {
          throw new NonPositiveDefiniteMatrixException(ltI[i], i, POSITIVITY_THRESHOLD);
        }
        ltI[i] = Math.sqrt(ltI[i]);
        double inverse = 1.0 / ltI[i];
        for (int q = m - 1; q > i; --q) {
          ltI[q] *= inverse;
          double[] ltQ = lt[q];
          for (int p = q; p < m; ++p) {
            ltQ[p] -= ltI[q] * ltI[p];
          }
        }
      }
      double[] x = b.clone();
      for (int j = 0; j < m; j++) {
        double[] lJ = lt[j];
        x[j] /= lJ[j];
        double xJ = x[j];
        for (int i = j + 1; i < m; i++) {
          x[i] -= xJ * lJ[i];
        }
      }
      for (int j = m - 1; j >= 0; j--) {
        x[j] /= lt[j][j];
        double xJ = x[j];
        for (int i = 0; i < j; i++) {
          x[i] -= xJ * lt[i][j];
        }
      }
      return x;
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
