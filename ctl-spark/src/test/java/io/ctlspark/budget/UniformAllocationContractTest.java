package io.ctlspark.budget;

/** The allocation rule contract for the uniform scheme. */
class UniformAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.UNIFORM;
  }
}
