package io.ctlspark.train;

/** The step rule contract for GD. */
class GdStepRuleContractTest extends StepRuleContract {
  @Override
  protected StepRule rule() {
    return StepRule.GD;
  }
}
