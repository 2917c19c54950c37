package io.ctlspark.train;

/** The step rule contract for MOMENTUM. */
class MomentumStepRuleContractTest extends StepRuleContract {
  @Override
  protected StepRule rule() {
    return StepRule.MOMENTUM;
  }
}
