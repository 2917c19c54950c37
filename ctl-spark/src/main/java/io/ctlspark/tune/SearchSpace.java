package io.ctlspark.tune;

import java.util.List;

/**
 * The hyperparameters a search varies, each a range on a linear or log scale. Samplers work on
 * the internal scale (log10 for log ranges), where the range is [low, high].
 */
public record SearchSpace(List<Dimension> dimensions) {

  /** One hyperparameter: its configuration key, range, scale, and whether it is whole. */
  public record Dimension(String key, double low, double high, boolean log, boolean integer) {
    public Dimension {
      if (!(low < high) || (log && low <= 0)) {
        throw new IllegalArgumentException(key + ": the range must be low < high"
            + (log ? " with low > 0 on a log scale" : "") + ", got [" + low + ", " + high + "]");
      }
    }

    /** Lower bound on the internal scale. */
    public double lo() {
      return log ? Math.log10(low) : low;
    }

    /** Upper bound on the internal scale. */
    public double hi() {
      return log ? Math.log10(high) : high;
    }

    /** A value on the internal scale as the setting's value. */
    public double value(double internal) {
      double v = log ? Math.pow(10, internal) : internal;
      v = Math.min(high, Math.max(low, v));
      return integer ? Math.rint(v) : v;
    }
  }

  public int size() {
    return dimensions.size();
  }
}
