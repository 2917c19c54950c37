package io.ctlspark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctlspark.data.TaskRecord;
import org.junit.jupiter.api.Test;

/** The per-task ridge baseline against closed forms worked out by hand. */
class RidgeBaselineTest {

  @Test
  void oneFeatureByHand() {
    // x = 1..4, y = 2, 4, 5, 8, lambda = 1. Centred x: -1.5, -0.5, 0.5, 1.5 (sum of squares 5);
    // y mean 4.75, centred y: -2.75, -0.75, 0.25, 3.25; sum x y = 9.5.
    // w = 9.5 / (5 + 1) = 1.58333..., intercept = 4.75 - w * 2.5 (not penalised).
    double[] w = RidgeBaseline.fit(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 8}, 0, 4, 1,
        1.0);
    assertArrayEquals(new double[] {9.5 / 6, 4.75 - 9.5 / 6 * 2.5}, w, 1e-12);
    // Only rows [1, 3): x = 2, 3, y = 4, 5: centred x -0.5, 0.5; sum x^2 0.5, sum x y 0.5.
    w = RidgeBaseline.fit(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 8}, 1, 3, 1, 1.0);
    assertArrayEquals(new double[] {0.5 / 1.5, 4.5 - 0.5 / 1.5 * 2.5}, w, 1e-12);
  }

  /** The hand-written Cholesky solve gives commons-math's bits, which it replaced. */
  @Test
  void choleskySolveGivesCommonsMathsBits() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
    for (int m : new int[] {1, 2, 5, 20, 33}) {
      for (int trial = 0; trial < 20; trial++) {
        // A Gram matrix of m + 3 random rows (so a positive semi-definite one), as the ridge
        // builds it: the lower triangle mirrored from the upper.
        double[][] a = new double[m][m];
        double[] b = new double[m];
        for (int r = 0; r < m + 3; r++) {
          double[] row = new double[m];
          for (int j = 0; j < m; j++) {
            row[j] = rng.nextGaussian() * (1 + j);
          }
          for (int j = 0; j < m; j++) {
            for (int k = 0; k <= j; k++) {
              a[j][k] += row[j] * row[k];
            }
          }
        }
        for (int j = 0; j < m; j++) {
          b[j] = rng.nextGaussian() * 10;
          for (int k = 0; k < j; k++) {
            a[k][j] = a[j][k];
          }
        }
        for (double lambda : RidgeBaseline.LAMBDAS) {
          double[][] shifted = new double[m][];
          for (int i = 0; i < m; i++) {
            shifted[i] = a[i].clone();
            shifted[i][i] += lambda;
          }
          double[] expected = new org.apache.commons.math3.linear.CholeskyDecomposition(
              new org.apache.commons.math3.linear.Array2DRowRealMatrix(shifted, false))
              .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(b.clone(),
                  false)).toArray();
          double[] actual = RidgeBaseline.NormalEquations.choleskySolve(a, lambda, b);
          for (int i = 0; i < m; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]),
                Double.doubleToRawLongBits(actual[i]),
                "m " + m + ", trial " + trial + ", lambda " + lambda + ", x" + i);
          }
        }
      }
    }
    // Not positive definite: the library's exception, as before.
    org.junit.jupiter.api.Assertions.assertThrows(
        org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException.class,
        () -> RidgeBaseline.NormalEquations.choleskySolve(new double[][] {{1, 2}, {2, 1}}, 0,
            new double[] {1, 1}));
  }

  @Test
  void withFewerRowsThanFeaturesTheDualFormGivesThePrimalSolution() {
    int n = 5;
    int d = 12;
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextGaussian() * 3 + 1;
    }
    for (double lambda : new double[] {0.01, 1, 100}) {
      assertArrayEquals(RidgeBaseline.NormalEquations.of(x, y, 0, n, d, false).solve(lambda),
          RidgeBaseline.NormalEquations.of(x, y, 0, n, d, true).solve(lambda), 1e-9,
          "lambda " + lambda);
    }
  }

  @Test
  void noiselessLinearDataChooseTheSmallestPenaltyAndPredictExactly() {
    int n = 40;
    int d = 2;
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i * d] = i % 7;
      x[i * d + 1] = (i * 3) % 5;
      y[i] = 3 * x[i * d] - 2 * x[i * d + 1] + 10;
    }
    double[] xt = {1, 1, 6, 0};
    double[] yt = {11, 28};
    TaskRecord t = TaskRecord.standardize("t", 0, d, x, y, xt, yt, true);
    double[] s = RidgeBaseline.scoreTask(t);
    assertEquals(0, s[0]);
    assertEquals(1e-4, s[3], 0.0, "lambda");
    assertEquals(0.0, s[1], 1e-3, "test RMSE");
    // One system on the first 32 rows (2 n d^2) solved for 8 penalties (d^3 / 3 each), then
    // the refit on all 40.
    assertEquals(2L * 32 * 4 + 8 * (8 / 3) + (2L * 40 * 4 + 8 / 3), (long) s[4]);
  }
}
