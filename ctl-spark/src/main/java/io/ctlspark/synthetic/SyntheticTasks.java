package io.ctlspark.synthetic;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The paper's synthetic regression generators. Task parameters are drawn on the driver in task
 * order; each task's rows are drawn from a generator seeded by (seed, task, split), so tables can
 * be generated on executors in any partitioning with the same result.
 *
 * <ul>
 *   <li>homogeneous: theta0 ~ N(0, I_d); theta_t = theta0 + tau N(0, I_d).
 *   <li>clustered: theta_global ~ N(0, I_d); K centres theta_global + tau_between N(0, I_d); each
 *       task picks a centre uniformly; theta_t = centre + tau_within N(0, I_d).
 * </ul>
 * In both, X ~ N(0, I) and y = X theta_t + sigma N(0, 1). With binary labels (the task type of
 * the paper's image experiments, for the logistic model), y = 1 when X theta_t + sigma N(0, 1) &gt; 0
 * and 0 otherwise. Columns: task, x0..x{d-1}, y; task ids are zero-padded ("task_00042") so that
 * their sorted order is the generation order.
 */
public final class SyntheticTasks implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[][] theta;
  private final int nTrain;
  private final int nTest;
  private final double sigma;
  private final long seed;
  private final boolean binary;

  private SyntheticTasks(double[][] theta, int nTrain, int nTest, double sigma, long seed,
      boolean binary) {
    this.theta = theta;
    this.nTrain = nTrain;
    this.nTest = nTest;
    this.sigma = sigma;
    this.seed = seed;
    this.binary = binary;
  }

  /** The same tasks with binary labels: 1 where the regression label is positive, else 0. */
  public SyntheticTasks withBinaryLabels() {
    return new SyntheticTasks(theta, nTrain, nTest, sigma, seed, true);
  }

  public static SyntheticTasks homogeneous(int tasks, int d, int nTrain, int nTest, double tau,
      double sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] theta0 = gaussian(rng, d, 1.0);
    double[][] theta = new double[tasks][];
    for (int t = 0; t < tasks; t++) {
      theta[t] = plus(theta0, gaussian(rng, d, tau));
    }
    return new SyntheticTasks(theta, nTrain, nTest, sigma, seed, false);
  }

  public static SyntheticTasks clustered(int tasks, int d, int nTrain, int nTest, int clusters,
      double tauWithin, double tauBetween, double sigma, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] global = gaussian(rng, d, 1.0);
    double[][] centres = new double[clusters][];
    for (int k = 0; k < clusters; k++) {
      centres[k] = plus(global, gaussian(rng, d, tauBetween));
    }
    double[][] theta = new double[tasks][];
    for (int t = 0; t < tasks; t++) {
      theta[t] = plus(centres[rng.nextInt(clusters)], gaussian(rng, d, tauWithin));
    }
    return new SyntheticTasks(theta, nTrain, nTest, sigma, seed, false);
  }

  private static double[] gaussian(SplittableRandom rng, int d, double scale) {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = scale * rng.nextGaussian();
    }
    return v;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = a[j] + b[j];
    }
    return out;
  }

  public int taskCount() {
    return theta.length;
  }

  public int dimension() {
    return theta[0].length;
  }

  public String taskId(int task) {
    return String.format("task_%05d", task);
  }

  public StructType schema() {
    StructType s = new StructType().add("task", DataTypes.StringType, false);
    for (int j = 0; j < dimension(); j++) {
      s = s.add("x" + j, DataTypes.DoubleType, false);
    }
    return s.add("y", DataTypes.DoubleType, false);
  }

  /**
   * The seed of stream {@code k} (one per task and split): a SplitMix64 output, so that the
   * streams start at unrelated states. SplittableRandom steps its state by a fixed odd gamma, so
   * two generators whose seeds differ by a small multiple of that gamma draw the same numbers,
   * shifted: seeding stream k with seed ^ (gamma k) itself, as this generator once did, gave
   * task t + 1 the draws of task t two places on (with seed 0), where the paper draws every
   * task's X and noise independently.
   */
  static long streamSeed(long seed, long k) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * k)).nextLong();
  }

  /** One task's training (test = false) or test rows. */
  public List<Row> rows(int task, boolean test) {
    int d = dimension();
    int n = test ? nTest : nTrain;
    SplittableRandom rng = new SplittableRandom(streamSeed(seed, 2L * task + (test ? 2 : 1)));
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] values = new Object[d + 2];
      values[0] = taskId(task);
      double y = 0.0;
      for (int j = 0; j < d; j++) {
        double x = rng.nextGaussian();
        values[j + 1] = x;
        y += x * theta[task][j];
      }
      double label = y + sigma * rng.nextGaussian();
      values[d + 1] = binary ? (label > 0 ? 1.0 : 0.0) : label;
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  /**
   * The training or test table of all tasks, generated on the executors. The tasks' parameters
   * are broadcast, not shipped in every Spark task (at 10,000 tasks they made each task's
   * closure 2 MB, and Spark warned about it).
   */
  public Dataset<Row> table(SparkSession spark, boolean test, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> tasks = IntStream.range(0, taskCount()).boxed().toList();
    Broadcast<SyntheticTasks> generator = jsc.broadcast(this);
    return spark.createDataFrame(jsc.parallelize(tasks, partitions)
        .flatMap(t -> generator.value().rows(t, test).iterator()), schema());
  }
}
