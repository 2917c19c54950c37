package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StandardizationTest {

  @Test
  void populationStatisticsPlusEpsilon() {
    // columns (1, 2, 3) and (10, 10, 40): means 2 and 20; population variances 2/3 and 200.
    double[] x = {1, 10, 2, 10, 3, 40};
    double[] mean = Standardization.columnMeans(x, 3, 2);
    double[] std = Standardization.columnStds(x, 3, 2, mean);
    assertArrayEquals(new double[] {2, 20}, mean, 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(2.0 / 3) + 1e-8, Math.sqrt(200) + 1e-8}, std,
        1e-15);
  }

  @Test
  void recordUsesTrainingStatisticsForTestAndKeepsTestLabelsRaw() {
    TaskRecord r = TaskRecord.standardize("a", 0, 1, new double[] {1, 3}, new double[] {10, 30},
        new double[] {5}, new double[] {50}, true);
    double s = 1 + 1e-8; // population std of (1, 3)
    assertArrayEquals(new double[] {-1 / s, 1 / s}, r.xTrain(), 1e-15);
    assertArrayEquals(new double[] {3 / s}, r.xTest(), 1e-15);
    assertArrayEquals(new double[] {50}, r.yTest(), 0);
    assertEquals(20, r.yMean(), 0);
    assertEquals(10 + 1e-8, r.yStd(), 1e-15);
    assertEquals(40, r.toOriginalScale(2), 1e-6);
  }

  @Test
  void constantColumnGetsEpsilonScaleNotNaN() {
    TaskRecord r = TaskRecord.standardize("a", 0, 1, new double[] {4, 4}, new double[] {1, 2},
        new double[] {4}, new double[] {1}, true);
    assertArrayEquals(new double[] {0, 0}, r.xTrain(), 0);
  }
}
