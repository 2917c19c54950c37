package io.ctlspark.cascade;

import io.ctlspark.data.TaskRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Global MTL's pooled least-squares problem for the linear model, held as its sufficient
 * statistics: with z = (x, 1) for every training row of every task, A = sum z z^T, b = sum z y and
 * c = sum y^2. The mean loss at p = (w, bias) is (p'Ap - 2 p'b + c) / N and its gradient
 * 2 (Ap - b) / N, so each of the B steps costs (d + 1)^2 on the driver instead of a pass over
 * every row: the pooled data are read once, not B times (on the 100 WEAVE-style tasks a step was
 * 5 ms of memory traffic over 23 MB of rows; now it is 3,000 multiply-adds).
 *
 * <p>The sums are a function of the tasks alone, not of the partitioning: each task's statistics
 * are summed over its rows in row order, then tasks in index order within fixed groups of
 * {@link #groupSize} indices, then the groups' sums the same way until few are left, which the
 * driver adds in order. Compared with summing every row's gradient at every step, the results
 * differ only by rounding (the tolerance is tested in CascadeEngineSparkTest).
 */
final class PooledLinearStatistics {
  /** Largest statistics a group sums at once, in doubles (32 MB): bounds executor and driver. */
  private static final int GROUP_DOUBLES = 1 << 22;
  private static final int MAX_GROUP = 1024;
  private final int size;
  private final double[] a;
  private final double[] b;
  private final double c;
  private final long rows;

  /** From packed statistics ({@link #ofTask}, {@link #sumInKeyOrder}). */
  PooledLinearStatistics(int size, double[] packed) {
    this.size = size;
    this.rows = (long) packed[0];
    this.c = packed[1];
    this.b = java.util.Arrays.copyOfRange(packed, 2, 2 + size);
    this.a = new double[size * size];
    int u = 2 + size;
    for (int j = 0; j < size; j++) {
      for (int k = j; k < size; k++) {
        a[j * size + k] = packed[u];
        a[k * size + j] = packed[u];
        u++;
      }
    }
  }

  /** Doubles of one packed statistics: rows, c, b and A's upper triangle (A is symmetric). */
  private static long packedLength(long size) {
    return 2 + size + size * (size + 1) / 2;
  }

  /**
   * Tasks (or groups) summed together: as many as keep a group within 32 MB, 2 to 1,024 (at
   * least 2, or the levels of sums would never shrink).
   */
  static int groupSize(int inputDim) {
    long size = inputDim + 1L;
    return (int) Math.max(2, Math.min(MAX_GROUP, GROUP_DOUBLES / packedLength(size)));
  }

  /** The pooled statistics of every task's training rows; one Spark job. */
  static PooledLinearStatistics of(JavaRDD<TaskRecord> records, int inputDim, int taskCount) {
    return of(records, inputDim, taskCount, groupSize(inputDim));
  }

  /** As {@link #of(JavaRDD, int, int)}, with groups of {@code group} (tests use small ones). */
  static PooledLinearStatistics of(JavaRDD<TaskRecord> records, int inputDim, int taskCount,
      long group) {
    if (group < 2) {
      throw new IllegalArgumentException("groups of at least 2, got " + group);
    }
    int size = inputDim + 1;
    JavaPairRDD<Long, double[]> level = records.mapToPair(
        r -> new Tuple2<>((long) r.index(), ofTask(r, inputDim)));
    long keys = taskCount;
    do {
      level = level.mapToPair(kv -> new Tuple2<>(kv._1() / group, kv))
          .groupByKey()
          .mapValues(PooledLinearStatistics::sumInKeyOrder);
      keys = (keys + group - 1) / group;
    } while (keys > group);
    List<Tuple2<Long, double[]>> sums = new ArrayList<>(level.collect());
    return new PooledLinearStatistics(size, sumInKeyOrder(sums));
  }

  /**
   * The packed statistics of a single task: [rows, c, b (size), A's upper triangle (row-major,
   * k >= j)], each entry summed over the rows in row order.
   */
  static double[] ofTask(TaskRecord r, int inputDim) {
    int d = inputDim;
    int size = d + 1;
    double[] packed = new double[(int) packedLength(size)];
    double[] x = r.xTrain();
    double[] y = r.yTrain();
    int n = r.trainRows();
    int bOff = 2;
    int aOff = 2 + size;
    for (int i = 0; i < n; i++) {
      int off = i * d;
      double yi = y[i];
      packed[1] += yi * yi;
      int row = aOff;
      for (int j = 0; j < d; j++) {
        double xj = x[off + j];
        packed[bOff + j] += xj * yi;
        // Row j of the upper triangle holds (j, j) .. (j, d): entry (j, k) at row + k - j.
        for (int k = j; k < d; k++) {
          packed[row + k - j] += xj * x[off + k];
        }
        packed[row + d - j] += xj;
        row += size - j;
      }
      packed[bOff + d] += yi;
    }
    packed[packed.length - 1] = n;
    packed[0] = n;
    return packed;
  }

  /** Element-wise sum of packed statistics, in ascending key order. */
  static double[] sumInKeyOrder(Iterable<Tuple2<Long, double[]>> keyed) {
    List<Tuple2<Long, double[]>> parts = new ArrayList<>();
    keyed.forEach(parts::add);
    parts.sort(Comparator.comparingLong(Tuple2::_1));
    double[] sum = new double[parts.get(0)._2().length];
    for (Tuple2<Long, double[]> part : parts) {
      double[] v = part._2();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    return sum;
  }

  long rows() {
    return rows;
  }

  /**
   * The pooled loss and gradient at p, as sums over rows (the caller divides by N, as it does
   * the per-task shares): returns sum of squared residuals, writes 2 sum r z into gradSum.
   */
  double lossAndGradientSums(double[] p, double[] gradSum) {
    double pap = 0.0;
    double pb = 0.0;
    for (int j = 0; j < size; j++) {
      double ap = 0.0;
      int row = j * size;
      for (int k = 0; k < size; k++) {
        ap += a[row + k] * p[k];
      }
      gradSum[j] = 2.0 * (ap - b[j]);
      pap += p[j] * ap;
      pb += p[j] * b[j];
    }
    return pap - 2.0 * pb + c;
  }
}
