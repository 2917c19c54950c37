package io.ctlspark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.data.Baselines;
import io.ctlspark.data.NaiveScores;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skill scores, MAE and WAPE against values worked out by hand. */
class SkillTest {
  // Task 0: 4 test rows, squared errors summing to 64 (RMSE 4), absolute 12, |y| 40.
  // Task 1: 2 test rows, squared errors 18 (RMSE 3), absolute 6, |y| 0 (WAPE undefined).
  private static final List<TaskMetrics> RUN = List.of(new TaskMetrics(0, 16, 10, 4, 12, 40),
      new TaskMetrics(1, 9, Double.NaN, 2, 6, 0));

  @Test
  void rmseSkillIsOneMinusTheRatio() {
    assertEquals(0.2, Skill.rmseSkill(8, 10), 1e-15);
    assertEquals(-0.5, Skill.rmseSkill(15, 10), 1e-15);
    assertTrue(Double.isNaN(Skill.rmseSkill(1, Double.NaN)));
    assertTrue(Double.isNaN(Skill.rmseSkill(1, 0)));
  }

  @Test
  void comparisonOverTheTasksWhereTheBaselineIsDefined() {
    // Baseline RMSE 5 and 6: means 5.5 vs 3.5, skill of the means 1 - 3.5 / 5.5; per task
    // 1 - 4/5 = 0.2 and 1 - 3/6 = 0.5, mean 0.35.
    Skill.Comparison c = Skill.compare(RUN, v -> v == 0 ? 5 : 6);
    assertEquals(5.5, c.baselineRmseMean(), 1e-15);
    assertEquals(3.5, c.rmseMean(), 1e-15);
    assertEquals(1 - 3.5 / 5.5, c.skill(), 1e-15);
    assertEquals(0.35, c.skillMean(), 1e-15);
    assertEquals(2, c.tasks());
    // Undefined for task 1: only task 0 counts.
    c = Skill.compare(RUN, v -> v == 0 ? 5 : Double.NaN);
    assertEquals(1, c.tasks());
    assertEquals(0.2, c.skill(), 1e-15);
  }

  @Test
  void maseScalesByTheWeeklyInSampleErrorWhenThereIsOneElseTheDaily() {
    // Task 0: daily in-sample MAE 2 (10 rows, 20), weekly 4 (5 rows, 20): MASE = 3 / 4.
    // Task 1: no weekly history: daily 1.5 (2 rows, 3): MASE = 3 / 1.5.
    NaiveScores daily = new NaiveScores("daily", 24, new long[2], new double[2], new double[2],
        new long[2], new long[] {10, 2}, new double[] {20, 3});
    NaiveScores weekly = new NaiveScores("weekly", 168, new long[2], new double[2],
        new double[2], new long[2], new long[] {5, 0}, new double[] {20, 0});
    Baselines b = new Baselines(daily, weekly, null, null);
    assertEquals(0.75, Skill.mase(RUN.get(0), b, 0), 1e-15);
    assertEquals(2.0, Skill.mase(RUN.get(1), b, 1), 1e-15);
    assertEquals((0.75 + 2.0) / 2, Skill.maseMean(RUN, b), 1e-15);
  }

  @Test
  void maeAndWapePerTaskAndPooled() {
    assertEquals(3, RUN.get(0).mae(), 1e-15);
    assertEquals(0.3, RUN.get(0).wape(), 1e-15);
    assertTrue(Double.isNaN(RUN.get(1).wape()));
    RunMetrics m = RunMetrics.of(RUN);
    assertEquals(3, m.maeMean(), 1e-15);
    assertEquals(0.3, m.wapeMean(), 1e-15, "tasks with an undefined WAPE are left out");
    assertEquals(18.0 / 40, m.wapePooled(), 1e-15);
  }
}
