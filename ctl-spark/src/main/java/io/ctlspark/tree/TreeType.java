package io.ctlspark.tree;

import io.ctlspark.BadInputException;

/** The tree shapes a cascade can be trained along, by configuration name. */
public enum TreeType {
  MST("mst"),
  STAR("star"),
  RANDOM("random");

  private final String configName;

  TreeType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public TreeBuilder builder(long seed) {
    return switch (this) {
      case MST -> new PrimMst();
      case STAR -> new StarTree();
      case RANDOM -> new RandomTree(seed);
    };
  }

  public static TreeType fromConfig(String key, String name) {
    for (TreeType t : values()) {
      if (t.configName.equals(name)) {
        return t;
      }
    }
    throw new BadInputException(key + ": unknown tree type '" + name
        + "'; expected mst, star or random");
  }
}
