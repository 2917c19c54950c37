package io.ctlspark.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceAllocationTest {

  @Test
  void paperSettingByHand() {
    // B = 1000, f = 0.1, T = 200: b_seed = 100; others floor(900 / 199) = 4; total 896.
    StepPlan p = ReferenceAllocation.cascadeUniform(200, 17, 1000, 0.1, ZeroStepPolicy.ERROR);
    assertEquals(100, p.steps(17));
    assertEquals(4, p.steps(0));
    assertEquals(896, p.total());
    // f = 0.167 at B = 1000 (the paper's WEAVE runs), T = 100: b_seed = 167, others 8.
    StepPlan w = ReferenceAllocation.cascadeUniform(100, 0, 1000, 0.167, ZeroStepPolicy.ERROR);
    assertEquals(167, w.steps(0));
    assertEquals(8, w.steps(1));
  }

  @Test
  void seedStepsAreAtLeastOne() {
    assertEquals(1, ReferenceAllocation.seedSteps(5, 0.1));
    assertEquals(4, ReferenceAllocation.seedSteps(5, 0.8));
  }

  @Test
  void indivGetsFloorOfBudgetOverTasks() {
    StepPlan p = ReferenceAllocation.independent(300, 1000, ZeroStepPolicy.ERROR);
    assertEquals(3, p.steps(299));
    assertEquals(900, p.total());
  }

  @Test
  void budgetTooSmallIsAnErrorThatSaysWhatIsNeeded() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> ReferenceAllocation.cascadeUniform(200, 0, 150, 0.1, ZeroStepPolicy.ERROR));
    // The domain error names the setting; the command line names it by its key, Spark ML by
    // its Param.
    assertEquals(Setting.BUDGET, e.setting());
    assertTrue(e.message(Setting::key).startsWith("ctl.train.budget: 150 steps"),
        e.message(Setting::key));
    assertTrue(e.message(Setting::key).contains("ctl.train.zero-step-tasks = transfer"));
    assertTrue(e.getMessage().startsWith("budget: 150 steps"), e.getMessage());
    assertTrue(e.getMessage().contains("zeroStepTasks = transfer"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 214"), e.getMessage());
    assertThrows(BadInputException.class,
        () -> ReferenceAllocation.independent(200, 150, ZeroStepPolicy.ERROR));
  }

  @Test
  void budgetTooSmallWithTransferLeavesTasksAtZeroSteps() {
    // The reference would give each of the 199 tasks max(1, 0) = 1 step: 15 + 199 > 150.
    StepPlan p = ReferenceAllocation.cascadeUniform(200, 3, 150, 0.1, ZeroStepPolicy.TRANSFER);
    assertEquals(15, p.total());
    assertEquals(0, p.steps(0));
  }

  @Test
  void neverExceedsTheBudgetForAnyBudgetTaskCountAndSeedFraction() {
    SplittableRandom rng = new SplittableRandom(2026);
    for (int trial = 0; trial < 20_000; trial++) {
      int tasks = 1 + rng.nextInt(rng.nextBoolean() ? 10 : 5000);
      long budget = 1 + rng.nextLong(rng.nextBoolean() ? 50 : 100_000);
      double f = rng.nextDouble(1e-9, 1.0);
      int root = rng.nextInt(tasks);
      for (ZeroStepPolicy policy : ZeroStepPolicy.values()) {
        for (boolean cascade : new boolean[] {true, false}) {
          try {
            StepPlan p = cascade
                ? ReferenceAllocation.cascadeUniform(tasks, root, budget, f, policy)
                : ReferenceAllocation.independent(tasks, budget, policy);
            assertTrue(p.total() <= budget, "plan " + p.total() + " > B " + budget);
            if (cascade) {
              assertEquals(ReferenceAllocation.seedSteps(budget, f), p.steps(root));
            }
          } catch (BadInputException e) {
            assertEquals(ZeroStepPolicy.ERROR, policy, "only the error policy may refuse");
          }
        }
      }
    }
  }

  @Test
  void stepPlanRefusesToExceedItsBudget() {
    assertThrows(IllegalStateException.class, () -> new StepPlan(5, new int[] {3, 3}));
  }
}
