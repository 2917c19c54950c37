package io.ctlspark.run;

import io.ctlspark.BadInputException;

/** What a run trains: a cascade along a tree, or one of the two baselines. */
public enum Method {
  CASCADE("cascade"),
  INDIV("indiv"),
  GLOBAL_MTL("global-mtl");

  private final String configName;

  Method(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Method fromConfig(String key, String name) {
    for (Method m : values()) {
      if (m.configName.equals(name)) {
        return m;
      }
    }
    throw new BadInputException(key + ": unknown method '" + name
        + "'; expected cascade, indiv or global-mtl");
  }
}
