package io.ctlspark.budget;

/** The allocation rule contract for the reference scheme. */
class ReferenceAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.REFERENCE;
  }
}
