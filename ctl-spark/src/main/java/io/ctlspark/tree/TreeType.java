package io.ctlspark.tree;

import io.ctlspark.config.ConfigName;

/** The tree shapes a cascade can be trained along, by configuration name. */
public enum TreeType implements ConfigName {
  MST,
  STAR,
  RANDOM,
  DEPTH_BOUNDED,
  BUDGET_AWARE;

  /**
   * @param seed the random tree's seed
   * @param maxDepth the depth-bounded tree's D
   * @param depthPenalty the budget-aware tree's lambda
   * @param stepsPerTask the budget-aware tree's b (steps a non-root task gets)
   */
  public TreeBuilder builder(long seed, int maxDepth, double depthPenalty, double stepsPerTask) {
    return switch (this) {
      case MST -> new PrimMst();
      case STAR -> new StarTree();
      case RANDOM -> new RandomTree(seed);
      case DEPTH_BOUNDED -> PrimMst.depthBounded(maxDepth);
      case BUDGET_AWARE -> PrimMst.budgetAware(depthPenalty, stepsPerTask);
    };
  }

  /** Whether the tree's shape depends on the task distance (and so its label names it). */
  public boolean usesDistance() {
    return this != STAR && this != RANDOM;
  }

  public static TreeType fromConfig(String key, String name) {
    return ConfigName.parse(TreeType.class, key, name);
  }
}
