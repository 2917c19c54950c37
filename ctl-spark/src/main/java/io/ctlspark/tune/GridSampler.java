package io.ctlspark.tune;

import java.util.List;

/**
 * A full grid of {@code levels} evenly spaced values per dimension (on the internal scale,
 * bounds included), visited in order; after the last point it starts over.
 */
public final class GridSampler implements Sampler {
  private final int levels;

  public GridSampler(int levels) {
    if (levels < 2) {
      throw new IllegalArgumentException("a grid needs at least 2 levels per dimension");
    }
    this.levels = levels;
  }

  @Override
  public double[] next(SearchSpace space, List<Trial> history) {
    long index = history.size();
    double[] p = new double[space.size()];
    for (int i = 0; i < p.length; i++) {
      SearchSpace.Dimension d = space.dimensions().get(i);
      int level = (int) (index % levels);
      index /= levels;
      // The top level is the bound itself: lo + (hi - lo) can round past hi.
      p[i] = level == levels - 1 ? d.hi() : d.lo() + (d.hi() - d.lo()) * level / (levels - 1);
    }
    return p;
  }
}
