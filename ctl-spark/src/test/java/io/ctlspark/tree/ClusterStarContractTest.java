package io.ctlspark.tree;

/** The tree builder contract for the cluster-star tree. */
class ClusterStarContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.CLUSTER_STAR;
  }
}
