package io.ctlspark.tree;

import io.ctlspark.config.ConfigName;

/** The tree shapes a cascade can be trained along, by configuration name. */
public enum TreeType implements ConfigName {
  MST,
  STAR,
  RANDOM,
  DEPTH_BOUNDED,
  BUDGET_AWARE,
  CLUSTER_STAR,
  CLUSTER_MST;

  public TreeBuilder builder(TreeInputs in) {
    return switch (this) {
      case MST -> in.approximateVectors == null ? new PrimMst()
          : new ApproximateMst(in.approximateVectors, ApproximateMst.NEIGHBOURS, in.seed);
      case STAR -> new StarTree();
      case RANDOM -> new RandomTree(in.seed);
      case DEPTH_BOUNDED -> PrimMst.depthBounded(in.maxDepth);
      case BUDGET_AWARE -> PrimMst.budgetAware(in.depthPenalty, in.stepsPerTask);
      case CLUSTER_STAR, CLUSTER_MST -> new ClusterTree(in.clusterOf, in.rootVectors,
          this == CLUSTER_MST);
    };
  }

  /** Whether the tree needs a cluster assignment of the tasks. */
  public boolean isClustered() {
    return this == CLUSTER_STAR || this == CLUSTER_MST;
  }

  /** Whether the tree's shape depends on the task distance (and so its label names it). */
  public boolean usesDistance() {
    return this != STAR && this != RANDOM;
  }
}
