package io.ctlspark.budget;

/** The allocation rule contract for the edge-length scheme. */
class EdgeLengthAllocationContractTest extends AllocationRuleContract {
  @Override
  protected AllocationScheme scheme() {
    return AllocationScheme.EDGE_LENGTH;
  }
}
