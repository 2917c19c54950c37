package io.ctlspark.budget;

/** The allocation rule contract for the depth-decreasing scheme. */
class DepthDecreasingAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.DEPTH_DECREASING;
  }
}
