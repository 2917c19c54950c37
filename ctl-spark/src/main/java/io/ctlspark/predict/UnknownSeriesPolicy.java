package io.ctlspark.predict;

import io.ctlspark.config.ConfigName;

/** ctl.predict.unknown-series: a series without a trained model stops predict, or borrows one. */
public enum UnknownSeriesPolicy implements ConfigName {
  FAIL,
  NEAREST;

  public static UnknownSeriesPolicy fromConfig(String key, String value) {
    return ConfigName.parse(UnknownSeriesPolicy.class, key, value);
  }
}
