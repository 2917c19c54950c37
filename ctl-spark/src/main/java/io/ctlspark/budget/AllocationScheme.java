package io.ctlspark.budget;

import io.ctlspark.config.ConfigName;

/**
 * How the steps left after the root's are shared among the other tasks. {@code REFERENCE} is the
 * authors' rule (floor((B - b_seed) / (T - 1)) each; the remainder goes unspent) and the default,
 * so results stay comparable with theirs. The others are the paper's allocation ablation: weights
 * per task, split with the largest-remainder method so that they sum exactly to B - b_seed.
 */
public enum AllocationScheme implements ConfigName {
  REFERENCE,
  UNIFORM,
  DEPTH_INCREASING,
  DEPTH_DECREASING,
  EDGE_LENGTH,
  HYBRID;

  /** The weight of a non-root task at {@code depth}, {@code distance} from its parent. */
  public double weight(int depth, double distance, double alpha, double beta) {
    return switch (this) {
      case REFERENCE, UNIFORM -> 1.0;
      case DEPTH_INCREASING -> Math.pow(depth + 1, alpha);
      case DEPTH_DECREASING -> 1.0 / Math.pow(depth + 1, alpha);
      case EDGE_LENGTH -> Math.pow(distance + 1e-8, beta);
      case HYBRID -> Math.pow(depth + 1, alpha) * Math.pow(distance + 1e-8, beta);
    };
  }

  public static AllocationScheme fromConfig(String key, String name) {
    return ConfigName.parse(AllocationScheme.class, key, name);
  }
}
