package io.ctlspark.budget;

/** The allocation rule contract for the depth-increasing scheme. */
class DepthIncreasingAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.DEPTH_INCREASING;
  }
}
