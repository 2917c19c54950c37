package io.ctlspark.tune;

import io.ctlspark.config.ConfigName;

/**
 * The registry of search samplers (ctl.tune.sampler): a new sampler is one {@link Sampler} class,
 * one constant here, and a subclass of {@code tune.SamplerContract}.
 */
public enum SamplerType implements ConfigName {
  TPE,
  RANDOM,
  GRID;

  /** @param gridLevels levels per dimension of the grid sampler (the others ignore it) */
  public Sampler create(long seed, int gridLevels) {
    return switch (this) {
      case TPE -> new TpeSampler(seed);
      case RANDOM -> new RandomSampler(seed);
      case GRID -> new GridSampler(gridLevels);
    };
  }
}
