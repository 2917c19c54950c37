package io.ctlspark.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * How many tasks the pooled statistics sum per group: bounded by 32 MB of statistics a group,
 * never below 2 (the levels of sums must shrink). The sums themselves are checked against the
 * model and the row sums in CascadeEngineSparkTest.
 */
class PooledLinearStatisticsTest {
  @Test
  void groupsHoldAtMost32MbOfStatisticsAndAtLeastTwoTasks() {
    // d = 54: 2 + 55 + 55 x 56 / 2 = 1,597 doubles a task; 1,024 of them are 13 MB.
    assertEquals(1024, PooledLinearStatistics.groupSize(54));
    // d = 1,000: 502,504 doubles a task; 8 make 32 MB.
    assertEquals(8, PooledLinearStatistics.groupSize(1000));
    // d = 5,000: one task alone is over 32 MB; groups of 2 all the same.
    assertEquals(2, PooledLinearStatistics.groupSize(5000));
  }

  @Test
  void groupsOfOneAreRefusedRatherThanLoopingForever() {
    assertThrows(IllegalArgumentException.class,
        () -> PooledLinearStatistics.of(null, 3, 10, 1));
  }
}
