package io.ctlspark.run;

import io.ctlspark.config.ConfigName;

/** ctl.output-mode: refuse an existing output folder, or replace it at the end. */
public enum OutputMode implements ConfigName {
  ERROR,
  OVERWRITE;

  public static OutputMode fromConfig(String key, String value) {
    return ConfigName.parse(OutputMode.class, key, value);
  }
}
