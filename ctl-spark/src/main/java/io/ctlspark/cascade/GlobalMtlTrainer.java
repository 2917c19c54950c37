package io.ctlspark.cascade;

import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.LinearModel;
import io.ctlspark.model.Model;
import io.ctlspark.train.GradientDescent;
import io.ctlspark.train.StepRule;
import io.ctlspark.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple3;

/**
 * The Global MTL baseline (and the pooled root's source): one model trained for B full-batch steps
 * on the pooled, per-task standardised training rows of all tasks.
 *
 * <p>The linear model steps on the pooled least-squares statistics ({@link
 * PooledLinearStatistics}): one Spark job reads the rows once, and the B steps run on the
 * driver at (d + 1)^2 each, equal to summing the rows' gradients up to rounding.
 *
 * <p>Other models sum shares: every step, each task gives its mean loss and gradient times its
 * row count, and these are summed in task order, so the result does not depend on partitioning (a
 * tree reduction would sum in partition order). When the pooled rows fit in one Spark task
 * ({@code maxTaskBytes}), all B steps run inside that one task, over the tasks in index order: one
 * Spark job instead of B, with the same sums in the same order, so the same parameters bit for
 * bit. Larger data take one Spark job per step, the per-task shares computed where the tasks live
 * and summed on the driver.
 */
public final class GlobalMtlTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalMtlTrainer.class);
  /** The id the pooled model is seeded from (no task has it: ids are table values). */
  public static final String POOLED_SEED_ID = "\u0000global-mtl";
  private static final long PROGRESS_NANOS = 10_000_000_000L;
  private final JavaSparkContext jsc;
  private final TaskTrainer trainer;
  private final long maxTaskBytes;

  /**
   * @param maxTaskBytes the largest pooled training data (8 bytes per feature and label value)
   *     trained inside one Spark task; 0 for one Spark job per step always (models other than
   *     the linear one)
   */
  public GlobalMtlTrainer(JavaSparkContext jsc, TaskTrainer trainer, long maxTaskBytes) {
    this.jsc = jsc;
    this.trainer = trainer;
    this.maxTaskBytes = maxTaskBytes;
  }

  /** Bytes of the pooled training rows: features and label, 8 bytes each. */
  static long pooledBytes(long rowsTotal, int inputDim) {
    return rowsTotal * (inputDim + 1L) * Double.BYTES;
  }

  /**
   * @param rowsTotal the pooled number of training rows (sum over tasks)
   * @return the pooled model's parameters, every task evaluated with the same
   */
  public CascadeResult train(JavaRDD<TaskRecord> records, int taskCount, long rowsTotal,
      int steps) {
    Model model = trainer.model();
    double[] start = trainer.freshParameters(POOLED_SEED_ID);
    GradientDescent descent = trainer.descent();
    LongAccumulator counted = jsc.sc().longAccumulator("ctl.steps");
    long started = System.nanoTime();
    double[] p;
    int stages;
    if (model instanceof LinearModel) {
      PooledLinearStatistics pooled = PooledLinearStatistics.of(records, model.inputDim(),
          taskCount);
      if (pooled.rows() != rowsTotal) {
        throw new IllegalStateException("global-mtl: the tasks hold " + pooled.rows()
            + " training rows, " + rowsTotal + " were expected");
      }
      p = descend(model, descent, start, steps, rowsTotal, counted,
          pooled::lossAndGradientSums);
      stages = 1;
    } else if (pooledBytes(rowsTotal, model.inputDim()) <= maxTaskBytes) {
      p = records.coalesce(1).mapPartitions(it -> {
        List<TaskRecord> tasks = new ArrayList<>();
        it.forEachRemaining(tasks::add);
        tasks.sort(Comparator.comparingInt(TaskRecord::index));
        return List.of(descend(model, descent, start, steps, rowsTotal, counted,
            (current, gradSum) -> sumShares(model, current, tasks, gradSum))).iterator();
      }).collect().get(0);
      stages = 1;
    } else {
      p = descend(model, descent, start, steps, rowsTotal, counted, (current, gradSum) -> {
        List<Tuple3<Integer, Double, double[]>> shares = new ArrayList<>(
            records.map(r -> share(model, current, r)).collect());
        shares.sort(Comparator.comparingInt(Tuple3::_1));
        return addShares(shares, gradSum);
      });
      stages = steps;
    }
    LOG.info("global-mtl: {} steps in {} Spark job{}, {} s", steps, stages,
        stages == 1 ? "" : "s", String.format("%.1f", (System.nanoTime() - started) / 1e9));
    double[][] params = new double[taskCount][];
    java.util.Arrays.fill(params, p);
    return new CascadeResult(params, new int[taskCount], counted.value(), stages);
  }

  /** The pooled loss and gradient at some parameters, both as sums over the pooled rows. */
  private interface PooledGradient {
    /** @return the summed loss; writes the summed gradient into {@code gradSum} (zeroed) */
    double lossAndGradientSums(double[] current, double[] gradSum);
  }

  private static double sumShares(Model model, double[] current, List<TaskRecord> tasks,
      double[] gradSum) {
    List<Tuple3<Integer, Double, double[]>> shares = new ArrayList<>(tasks.size());
    for (TaskRecord r : tasks) {
      shares.add(share(model, current, r));
    }
    return addShares(shares, gradSum);
  }

  /** Adds the shares, in the order given, into gradSum; returns the summed loss. */
  private static double addShares(List<Tuple3<Integer, Double, double[]>> shares,
      double[] gradSum) {
    double loss = 0.0;
    for (Tuple3<Integer, Double, double[]> t : shares) {
      loss += t._2();
      for (int i = 0; i < gradSum.length; i++) {
        gradSum[i] += t._3()[i];
      }
    }
    return loss;
  }

  /** One task's share of a step: (index, loss x rows, gradient x rows). */
  private static Tuple3<Integer, Double, double[]> share(Model model, double[] current,
      TaskRecord r) {
    double[] g = new double[model.parameterCount()];
    double loss = model.lossAndGradient(current, r.xTrain(), r.yTrain(), r.trainRows(), g);
    double w = r.trainRows();
    for (int i = 0; i < g.length; i++) {
      g[i] *= w;
    }
    return new Tuple3<>(r.index(), loss * w, g);
  }

  /** B steps from {@code start}: the pooled mean gradient of the shares, one update each. */
  private static double[] descend(Model model, GradientDescent descent, double[] start, int steps,
      long rowsTotal, LongAccumulator counted, PooledGradient pooled) {
    double[] p = start;
    StepRule.Updater updater = descent.start(p.length);
    long began = System.nanoTime();
    long logged = began;
    for (int step = 0; step < steps; step++) {
      double[] grad = new double[model.parameterCount()];
      double loss = pooled.lossAndGradientSums(p, grad) / rowsTotal;
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException("global-mtl (pooled model)", step, loss);
      }
      for (int i = 0; i < grad.length; i++) {
        grad[i] /= rowsTotal;
      }
      double[] next = p.clone();
      updater.update(next, grad);
      p = next;
      counted.add(1);
      long now = System.nanoTime();
      if (now - logged >= PROGRESS_NANOS && step + 1 < steps) {
        logged = now;
        LOG.info("global-mtl: step {} of {}, pooled loss {}, {} s elapsed", step + 1, steps,
            String.format("%.6g", loss), String.format("%.1f", (now - began) / 1e9));
      }
    }
    return p;
  }
}
