package io.ctlspark.jobs;

import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.geometry.Medoid;
import io.ctlspark.tree.ApproximateMst;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.PrimMst;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ctl bench --trees: tree building alone (plain Java, what the driver does), on task embeddings
 * drawn around 20 centres: the exact medoid and Prim MST where they finish in reasonable time
 * (up to 20,000 tasks), the sampled medoid and approximate MST always; peak heap; the approximate
 * tree's weight relative to the exact one.
 */
final class TreeBench {
  private static final int EXACT_UP_TO = 20_000;
  private final int dim;

  TreeBench(int dim) {
    this.dim = dim;
  }

  int run(int[] sizes) {
    List<String[]> rows = new ArrayList<>();
    for (int n : sizes) {
      double[][] e = embeddings(n);
      EmbeddingDistance d = new EmbeddingDistance(e);
      resetPeaks();
      long t0 = System.nanoTime();
      int root = Medoid.sampled(e, Medoid.SAMPLE);
      long t1 = System.nanoTime();
      CascadeTree approx = new ApproximateMst(e, ApproximateMst.NEIGHBOURS, 1).build(d, root);
      long t2 = System.nanoTime();
      long peak = peakHeapBytes();
      String exactRoot = "-";
      String exactTree = "-";
      String ratio = "-";
      if (n <= EXACT_UP_TO) {
        long t3 = System.nanoTime();
        int r = Medoid.of(e);
        long t4 = System.nanoTime();
        CascadeTree exact = new PrimMst().build(d, r);
        long t5 = System.nanoTime();
        exactRoot = s(t4 - t3);
        exactTree = s(t5 - t4);
        CascadeTree approxSameRoot = new ApproximateMst(e, ApproximateMst.NEIGHBOURS, 1)
            .build(d, r);
        ratio = String.format("%.4f", approxSameRoot.totalDistance() / exact.totalDistance());
      }
      rows.add(new String[] {Integer.toString(n), s(t1 - t0), s(t2 - t1), s(t2 - t0),
          String.format("%.0f", peak / 1048576.0), exactRoot, exactTree, ratio,
          Integer.toString(approx.maxDepth())});
    }
    System.out.print(Table.render(new String[] {"tasks", "medoid_sampled_s", "approx_mst_s",
        "approx_total_s", "peak_heap_mb", "medoid_exact_s", "prim_exact_s",
        "weight_approx/exact", "depth"}, rows));
    System.out.println("\nd = " + dim + "; embeddings around 20 centres; no T x T allocation in "
        + "either path; exact path only up to " + EXACT_UP_TO + " tasks.");
    return 0;
  }

  private double[][] embeddings(int n) {
    SplittableRandom rng = new SplittableRandom(n);
    double[][] centre = new double[20][dim];
    for (double[] c : centre) {
      for (int j = 0; j < dim; j++) {
        c[j] = 5 * rng.nextGaussian();
      }
    }
    double[][] e = new double[n][dim];
    for (double[] v : e) {
      double[] c = centre[rng.nextInt(20)];
      for (int j = 0; j < dim; j++) {
        v[j] = c[j] + rng.nextGaussian();
      }
    }
    return e;
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static String s(long nanos) {
    return String.format("%.2f", nanos / 1e9);
  }
}
