package io.ctlspark.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
  private static final SearchSpace SPACE = new SearchSpace(List.of(
      new SearchSpace.Dimension("ctl.train.eta", 1e-3, 1e-1, true, false),
      new SearchSpace.Dimension("ctl.train.seed-fraction", 0.1, 0.9, false, false)));

  @Test
  void normalCdfMatchesTables() {
    assertEquals(0.5, ParzenEstimator.cdf(0), 1e-7);
    assertEquals(0.9750021, ParzenEstimator.cdf(1.96), 2e-7);
    assertEquals(0.0227501, ParzenEstimator.cdf(-2), 2e-7);
  }

  @Test
  void parzenDensityIsADensityAndPeaksAtItsObservations() {
    ParzenEstimator p = new ParzenEstimator(new double[] {0.2, 0.25, 0.3}, 0.0, 1.0);
    int steps = 20000;
    double integral = 0;
    for (int i = 0; i < steps; i++) {
      integral += p.density((i + 0.5) / steps) / steps;
    }
    assertEquals(1.0, integral, 1e-4);
    assertTrue(p.density(0.25) > p.density(0.8));
    assertEquals(0.0, p.density(1.5));
    // With more observations the scales shrink (magic clip: range / (n + 1)) and the peak sharpens.
    double[] many = new double[20];
    for (int i = 0; i < many.length; i++) {
      many[i] = 0.2 + 0.005 * i;
    }
    ParzenEstimator sharp = new ParzenEstimator(many, 0.0, 1.0);
    assertTrue(sharp.density(0.25) > 5 * sharp.density(0.8),
        sharp.density(0.25) + " vs " + sharp.density(0.8));
  }

  /** A bowl with its minimum at eta = 10^-1.6 and seed fraction 0.7 (internal scale). */
  private static double bowl(double[] x) {
    return (x[0] + 1.6) * (x[0] + 1.6) + (x[1] - 0.7) * (x[1] - 0.7);
  }

  private static double bestOf(Sampler s, int trials) {
    List<Sampler.Trial> history = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int t = 0; t < trials; t++) {
      double[] x = s.next(SPACE, history);
      double y = bowl(x);
      history.add(new Sampler.Trial(x, y));
      best = Math.min(best, y);
    }
    return best;
  }

  private static double meanBest(LongFunction<Sampler> make, int trials, int seeds) {
    double sum = 0;
    for (long seed = 0; seed < seeds; seed++) {
      sum += bestOf(make.apply(seed), trials);
    }
    return sum / seeds;
  }

  @Test
  void tpeBeatsRandomSearchAtEqualTrials() {
    double tpe = meanBest(TpeSampler::new, 40, 20);
    double random = meanBest(RandomSampler::new, 40, 20);
    assertTrue(tpe < 0.5 * random, "TPE " + tpe + " vs random " + random);
  }

  @Test
  void aSeedGivesTheSameProposals() {
    List<Sampler.Trial> history = new ArrayList<>();
    Sampler a = new TpeSampler(7);
    Sampler b = new TpeSampler(7);
    for (int t = 0; t < 15; t++) {
      double[] x = a.next(SPACE, history);
      assertArrayEquals(x, b.next(SPACE, history), 0.0);
      history.add(new Sampler.Trial(x, bowl(x)));
    }
  }

  @Test
  void gridVisitsEveryCombination() {
    GridSampler grid = new GridSampler(3);
    List<Sampler.Trial> history = new ArrayList<>();
    for (int t = 0; t < 9; t++) {
      history.add(new Sampler.Trial(grid.next(SPACE, history), Double.NaN));
    }
    assertArrayEquals(new double[] {-3, 0.1}, history.get(0).point(), 1e-12);
    assertArrayEquals(new double[] {-1, 0.9}, history.get(8).point(), 1e-12);
    assertArrayEquals(new double[] {-2, 0.5}, history.get(4).point(), 1e-12);
  }
}
