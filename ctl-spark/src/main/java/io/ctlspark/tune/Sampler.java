package io.ctlspark.tune;

import java.util.List;

/**
 * Proposes the next point of a search on the space's internal scale, from the trials so far.
 *
 * <p>Contract: every point lies inside the space (each coordinate in [lo, hi] of its dimension),
 * and a sampler made with the same seed, given the same history, proposes the same points.
 * {@code tune.SamplerContract} checks every {@link SamplerType} against it.
 */
public interface Sampler {
  /**
   * @param history points tried so far (internal scale) with their objective (lower is better),
   *     then the points proposed but not yet evaluated, with objective NaN
   */
  double[] next(SearchSpace space, List<Trial> history);

  /** A finished trial. */
  record Trial(double[] point, double objective) {}
}
