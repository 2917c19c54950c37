package io.ctlspark.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ctlspark.geometry.EmbeddingDistance;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TreeBuilder}: a spanning tree over every task, rooted at the given root,
 * each task after its parent, each edge's distance the distance's own, and the same tree for the
 * same inputs. Every {@link TreeType} has a subclass (ContractCoverageTest checks it).
 */
public abstract class TreeBuilderContract {
  /** The registry entry under test. */
  protected abstract TreeType type();

  /** Whether the MST is the approximate one (built from the vectors, above the threshold). */
  protected boolean approximate() {
    return false;
  }

  private TreeBuilder builder(double[][] vectors) {
    int[] clusterOf = new int[vectors.length];
    for (int v = 0; v < clusterOf.length; v++) {
      clusterOf[v] = v % 3;
    }
    return type().builder(new TreeInputs(7, 2, 1.0, 3, type().isClustered() ? clusterOf : null,
        vectors, approximate() ? vectors : null));
  }

  private static double[][] vectors(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] rows = new double[n][3];
    for (double[] r : rows) {
      for (int j = 0; j < r.length; j++) {
        r[j] = rng.nextGaussian();
      }
    }
    return rows;
  }

  @Test
  void returnsASpanningTreeRootedAtTheRoot() {
    for (int n : new int[] {1, 2, 3, 17, 120}) {
      double[][] x = vectors(n, n);
      EmbeddingDistance dist = new EmbeddingDistance(x);
      for (int root : new int[] {0, n / 2, n - 1}) {
        CascadeTree t = builder(x).build(dist, root);
        TreeBuildersTest.assertSpanningTreeRootedAt(t, n, root);
        for (int v = 0; v < n; v++) {
          if (v != root) {
            assertEquals(dist.between(t.parent(v), v), t.distanceToParent(v), 1e-12,
                type() + ": edge distance of task " + v);
          }
        }
      }
    }
  }

  @Test
  void isDeterministic() {
    double[][] x = vectors(60, 3);
    EmbeddingDistance dist = new EmbeddingDistance(x);
    assertArrayEquals(builder(x).build(dist, 5).parents(), builder(x).build(dist, 5).parents());
  }
}
