package io.ctlspark.train;

/** The step rule contract for GD_CLIPPED. */
class GdClippedStepRuleContractTest extends StepRuleContract {
  @Override
  protected StepRule rule() {
    return StepRule.GD_CLIPPED;
  }
}
