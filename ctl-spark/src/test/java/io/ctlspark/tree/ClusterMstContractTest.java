package io.ctlspark.tree;

/** The tree builder contract for the cluster-mst tree. */
class ClusterMstContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.CLUSTER_MST;
  }
}
