package io.ctlspark.tree;

/**
 * What the tree builders need besides the task distance and the root: each builder reads its own
 * part (the random tree its seed, the depth-bounded tree D, the budget-aware tree lambda and b,
 * the cluster trees the cluster assignment and the root rule's vectors).
 */
public final class TreeInputs {
  final long seed;
  final int maxDepth;
  final double depthPenalty;
  final double stepsPerTask;
  final int[] clusterOf;
  final double[][] rootVectors;
  final double[][] approximateVectors;

  /**
   * @param clusterOf cluster of every task; null unless the tree type is a cluster tree
   * @param rootVectors per-task vectors of the medoid rule (mean raw features)
   * @param approximateVectors the embedding an approximate MST is built from; null for exact
   */
  public TreeInputs(long seed, int maxDepth, double depthPenalty, double stepsPerTask,
      int[] clusterOf, double[][] rootVectors, double[][] approximateVectors) {
    this.seed = seed;
    this.maxDepth = maxDepth;
    this.depthPenalty = depthPenalty;
    this.stepsPerTask = stepsPerTask;
    this.clusterOf = clusterOf;
    this.rootVectors = rootVectors;
    this.approximateVectors = approximateVectors;
  }
}
