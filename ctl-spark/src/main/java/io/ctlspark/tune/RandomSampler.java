package io.ctlspark.tune;

import java.util.List;
import java.util.SplittableRandom;

/** Uniform on the internal scale (so log-uniform on a log range), seeded. */
public final class RandomSampler implements Sampler {
  private final SplittableRandom rng;

  public RandomSampler(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  @Override
  public double[] next(SearchSpace space, List<Trial> history) {
    double[] p = new double[space.size()];
    for (int i = 0; i < p.length; i++) {
      SearchSpace.Dimension d = space.dimensions().get(i);
      p[i] = d.lo() + rng.nextDouble() * (d.hi() - d.lo());
    }
    return p;
  }
}
