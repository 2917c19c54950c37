package io.ctlspark.budget;

/** The allocation rule contract for the hybrid scheme. */
class HybridAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.HYBRID;
  }
}
