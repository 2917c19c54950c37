package io.ctlspark.budget;

import io.ctlspark.config.ConfigName;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import io.ctlspark.tree.CascadeTree;
import java.io.Serializable;
import java.util.Objects;

/**
 * How the global budget B is shared: the root's fraction f, the rule for the other tasks and its
 * exponents, and what a budget too small for one step per task means.
 */
public record AllocationSpec(long budget, double seedFraction, AllocationScheme scheme,
    double alpha, double beta, ZeroStepPolicy zeroSteps) implements Serializable {
  public AllocationSpec {
    Setting.BUDGET.check(budget);
    Setting.SEED_FRACTION.check(seedFraction);
    Objects.requireNonNull(scheme, "scheme");
    Setting.ALPHA.check(alpha);
    Setting.BETA.check(beta);
    Objects.requireNonNull(zeroSteps, "zeroSteps");
  }

  public static AllocationSpec from(SettingSource src) {
    return new AllocationSpec(src.longValue(Setting.BUDGET), src.number(Setting.SEED_FRACTION),
        ConfigName.parse(AllocationScheme.class, Setting.ALLOCATION,
            src.string(Setting.ALLOCATION)),
        src.number(Setting.ALPHA), src.number(Setting.BETA),
        ConfigName.parse(ZeroStepPolicy.class, Setting.ZERO_STEP_TASKS,
            src.string(Setting.ZERO_STEP_TASKS)));
  }

  /** The rule this spec configures: the reference rule, or a weighted one by its scheme. */
  public AllocationRule rule() {
    return new AllocationRule() {
      @Override
      public StepPlan plan(CascadeTree tree, int root, long b, int[] trainRows) {
        return WeightedAllocation.plan(tree, root, b, seedFraction, scheme, alpha, beta,
            zeroSteps);
      }

      @Override
      public boolean exact() {
        return scheme != AllocationScheme.REFERENCE;
      }
    };
  }

  /**
   * Whether a plan of {@code planned} steps leaves at least half of the budget unspent (zero-step
   * tasks under pure transfer): a warning, or an error under ctl.train.strict-budget.
   */
  public boolean mostlyUnplanned(long planned) {
    return 2 * planned <= budget;
  }
}
