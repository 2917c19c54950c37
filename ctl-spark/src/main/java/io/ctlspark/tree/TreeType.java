package io.ctlspark.tree;

import io.ctlspark.config.ConfigName;

/** The tree shapes a cascade can be trained along, by configuration name. */
public enum TreeType implements ConfigName {
  MST,
  STAR,
  RANDOM;

  public TreeBuilder builder(long seed) {
    return switch (this) {
      case MST -> new PrimMst();
      case STAR -> new StarTree();
      case RANDOM -> new RandomTree(seed);
    };
  }

  public static TreeType fromConfig(String key, String name) {
    return ConfigName.parse(TreeType.class, key, name);
  }
}
