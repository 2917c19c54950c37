package io.ctlspark.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.data.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of a task distance ({@link DistanceFamily}: a typed per-task summary, then a
 * pairwise distance on the driver): finite, non-negative, zero on the diagonal, symmetric, and safe
 * to evaluate from many threads at once (Prim evaluates distances concurrently): a parallel pass
 * over every pair gives exactly the sequential values. Every DistanceKind has a subclass
 * (ContractCoverageTest checks it).
 */
public abstract class DistanceContract {
  protected abstract DistanceKind kind();

  private static TaskRecord task(int index, SplittableRandom rng) {
    int n = 24;
    int d = 3;
    double[] x = new double[n * d];
    double[] y = new double[n];
    double shift = rng.nextGaussian();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = rng.nextGaussian() + shift;
      }
      y[i] = 2 * x[i * d] - x[i * d + 1] + shift + 0.1 * rng.nextGaussian();
    }
    return TaskRecord.standardize("t" + index, index, d, x, y, x, y, true);
  }

  private TaskDistance distance(int tasks) {
    SplittableRandom rng = new SplittableRandom(17);
    List<TaskRecord> records = new ArrayList<>();
    for (int v = 0; v < tasks; v++) {
      records.add(task(v, rng));
    }
    return kind().between(records);
  }

  @Test
  void isAFiniteSymmetricNonNegativeDistanceZeroOnTheDiagonal() {
    TaskDistance dist = distance(8);
    assertEquals(8, dist.taskCount());
    for (int i = 0; i < 8; i++) {
      assertEquals(0.0, dist.between(i, i), 1e-9, kind() + ": d(i, i)");
      for (int j = 0; j < 8; j++) {
        double dij = dist.between(i, j);
        assertTrue(Double.isFinite(dij) && dij >= 0, kind() + ": d(" + i + ", " + j + ") = "
            + dij);
        assertEquals(dij, dist.between(j, i), 1e-12 * Math.max(1, dij), kind() + ": symmetry");
      }
    }
  }

  @Test
  void concurrentEvaluationGivesTheSequentialValues() {
    int n = 12;
    TaskDistance dist = distance(n);
    double[] sequential = new double[n * n];
    for (int k = 0; k < n * n; k++) {
      sequential[k] = dist.between(k / n, k % n);
    }
    double[] parallel = new double[n * n];
    IntStream.range(0, n * n).parallel().forEach(k -> parallel[k] = dist.between(k / n, k % n));
    for (int k = 0; k < n * n; k++) {
      assertEquals(sequential[k], parallel[k], 0.0, kind() + ": pair " + k);
    }
  }
}
