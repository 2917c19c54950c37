package io.ctlspark.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011), independent per dimension, with
 * Optuna's default settings: 10 random startup trials; the best gamma(n) = min(ceil(0.1 n), 25)
 * trials are "good"; 24 candidates drawn from the good density l; the one maximising
 * l(x) / g(x) (g: the density of the other trials) is proposed. Differences from Optuna: equal
 * weights for all observations (Optuna down-weights old trials past 25) and no multivariate
 * mode. Written here because no maintained Java TPE exists (Optuna and Hyperopt are Python).
 */
public final class TpeSampler implements Sampler {
  static final int STARTUP_TRIALS = 10;
  static final int CANDIDATES = 24;
  private final SplittableRandom rng;
  private final RandomSampler startup;

  public TpeSampler(long seed) {
    this.rng = new SplittableRandom(seed);
    this.startup = new RandomSampler(seed ^ 0x5DEECE66DL);
  }

  @Override
  public double[] next(SearchSpace space, List<Trial> history) {
    List<Trial> done = new ArrayList<>();
    for (Trial t : history) {
      if (Double.isFinite(t.objective())) {
        done.add(t);
      }
    }
    if (done.size() < STARTUP_TRIALS) {
      return startup.next(space, history);
    }
    done.sort(Comparator.comparingDouble(Trial::objective));
    int good = Math.min((int) Math.ceil(0.1 * done.size()), 25);
    int d = space.size();
    ParzenEstimator[] l = new ParzenEstimator[d];
    ParzenEstimator[] g = new ParzenEstimator[d];
    for (int j = 0; j < d; j++) {
      SearchSpace.Dimension dim = space.dimensions().get(j);
      double[] below = new double[good];
      double[] above = new double[done.size() - good];
      for (int i = 0; i < done.size(); i++) {
        if (i < good) {
          below[i] = done.get(i).point()[j];
        } else {
          above[i - good] = done.get(i).point()[j];
        }
      }
      l[j] = new ParzenEstimator(below, dim.lo(), dim.hi());
      g[j] = new ParzenEstimator(above, dim.lo(), dim.hi());
    }
    double[] best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double[] x = new double[d];
      double score = 0.0;
      for (int j = 0; j < d; j++) {
        x[j] = l[j].sample(rng);
        score += Math.log(l[j].density(x[j]) + 1e-300) - Math.log(g[j].density(x[j]) + 1e-300);
      }
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return best;
  }
}
