package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void inPlaceGivesTheSameRecordOverTheRawArraysAndTheCopyingWayLeavesThemAlone() {
    // Two features, three training and two test rows; labels standardised (regression) or not.
    double[] x = {1, 10, 2, 10, 3, 40};
    double[] y = {5, 7, 12};
    double[] xt = {4, 0, -2, 25};
    double[] yt = {9, 1};
    for (boolean label : new boolean[] {true, false}) {
      TaskRecord copied = TaskRecord.standardize("a", 3, 2, x, y, xt, yt, label);
      assertArrayEquals(new double[] {1, 10, 2, 10, 3, 40}, x, 0);
      assertArrayEquals(new double[] {5, 7, 12}, y, 0);
      assertArrayEquals(new double[] {4, 0, -2, 25}, xt, 0);
      assertArrayEquals(new double[] {9, 1}, yt, 0);
      double[][] raw = {x.clone(), y.clone(), xt.clone(), yt.clone()};
      TaskRecord inPlace = TaskRecord.standardizeInPlace("a", 3, 2, raw[0], raw[1], raw[2],
          raw[3], label);
      assertTrue(copied.sameAs(inPlace));
      assertSame(raw[0], inPlace.xTrain());
      assertSame(raw[1], inPlace.yTrain());
      assertSame(raw[2], inPlace.xTest());
      assertSame(raw[3], inPlace.yTest());
      // Test rows take the training rows' statistics: (4 - 2) / sqrt(2/3), (0 - 20) / sqrt(200).
      assertEquals(2 / (Math.sqrt(2.0 / 3) + 1e-8), inPlace.xTest()[0], 1e-12);
      assertEquals(-20 / (Math.sqrt(200) + 1e-8), inPlace.xTest()[1], 1e-12);
    }
  }
}
