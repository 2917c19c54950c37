package io.ctlspark.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Sampler}: every point it proposes lies in the space (on the internal
 * scale) and the same seed and history give the same proposals. Every {@link SamplerType} has a
 * subclass (ContractCoverageTest checks it).
 */
public abstract class SamplerContract {
  protected abstract SamplerType type();

  private static final SearchSpace SPACE = new SearchSpace(List.of(
      new SearchSpace.Dimension("eta", 1e-4, 1, true, false),
      new SearchSpace.Dimension("f", 0.1, 0.9, false, false),
      new SearchSpace.Dimension("hidden", 8, 64, false, true)));

  private List<double[]> search(long seed, int trials) {
    Sampler s = type().create(seed, 4);
    List<Sampler.Trial> history = new ArrayList<>();
    List<double[]> points = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      double[] p = s.next(SPACE, history);
      points.add(p);
      double objective = 0;
      for (double v : p) {
        objective += (v - 0.3) * (v - 0.3);
      }
      history.add(new Sampler.Trial(p, objective));
    }
    return points;
  }

  @Test
  void staysInItsSpace() {
    for (double[] p : search(1, 30)) {
      for (int k = 0; k < SPACE.size(); k++) {
        SearchSpace.Dimension d = SPACE.dimensions().get(k);
        assertTrue(p[k] >= d.lo() && p[k] <= d.hi(), type() + ": " + d.key() + " = " + p[k]);
      }
    }
  }

  @Test
  void isDeterministicPerSeed() {
    List<double[]> a = search(7, 20);
    List<double[]> b = search(7, 20);
    for (int t = 0; t < a.size(); t++) {
      assertArrayEquals(a.get(t), b.get(t), type() + ": trial " + t);
    }
  }
}
