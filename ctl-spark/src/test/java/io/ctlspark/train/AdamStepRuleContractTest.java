package io.ctlspark.train;

/** The step rule contract for ADAM. */
class AdamStepRuleContractTest extends StepRuleContract {
  @Override
  protected StepRule rule() {
    return StepRule.ADAM;
  }
}
