package io.ctlspark.data;

import io.ctlspark.config.ConfigName;

/** ctl.data.format: how a task table is read; AUTO decides by the files' names. */
public enum TableFormat implements ConfigName {
  CSV,
  PARQUET,
  AUTO;

  public static TableFormat fromConfig(String key, String value) {
    return ConfigName.parse(TableFormat.class, key, value);
  }
}
