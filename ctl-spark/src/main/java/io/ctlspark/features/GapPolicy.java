package io.ctlspark.features;

import io.ctlspark.config.ConfigName;

/**
 * ctl.features.gaps: what to do with a sample whose lags span missing timestamps: leave it out
 * (and report it per series), or stop with an error naming the series and the gap.
 */
public enum GapPolicy implements ConfigName {
  DROP,
  FAIL;
}
