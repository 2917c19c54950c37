package io.ctlspark.features;

import io.ctlspark.config.ConfigName;

/**
 * ctl.data.layout: a wide feature table (one row per sample, features as columns, like WEAVE's
 * lag matrices) or long raw series (series id, timestamp, value) that the features are built from.
 */
public enum Layout implements ConfigName {
  WIDE,
  LONG;
}
