package io.ctlspark.run;

import io.ctlspark.config.ConfigName;

/** What a run trains: a cascade along a tree, or one of the two baselines. */
public enum Method implements ConfigName {
  CASCADE,
  INDIV,
  GLOBAL_MTL;

  public static Method fromConfig(String key, String name) {
    return ConfigName.parse(Method.class, key, name);
  }
}
