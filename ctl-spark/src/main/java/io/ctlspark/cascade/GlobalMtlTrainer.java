package io.ctlspark.cascade;

import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.Model;
import io.ctlspark.train.StepRule;
import io.ctlspark.train.TrainingDivergedException;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple3;

/**
 * The Global MTL baseline: one model trained for B full-batch steps on the pooled, per-task
 * standardised training rows of all tasks. Each step is one Spark job: every task returns its own
 * mean loss and gradient, and the driver combines them weighted by row count in task order, so the
 * result does not depend on partitioning (a tree reduction would sum in partition order).
 */
public final class GlobalMtlTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalMtlTrainer.class);
  /** The id the pooled model is seeded from (no task has it: ids are table values). */
  public static final String POOLED_SEED_ID = "\u0000global-mtl";
  private final JavaSparkContext jsc;
  private final TaskTrainer trainer;

  public GlobalMtlTrainer(JavaSparkContext jsc, TaskTrainer trainer) {
    this.jsc = jsc;
    this.trainer = trainer;
  }

  /**
   * @param rowsTotal the pooled number of training rows (sum over tasks)
   * @return the pooled model's parameters, every task evaluated with the same
   */
  public CascadeResult train(JavaRDD<TaskRecord> records, int taskCount, long rowsTotal,
      int steps) {
    Model model = trainer.model();
    double[] p = trainer.freshParameters(POOLED_SEED_ID);
    StepRule.Updater updater = trainer.descent().start(p.length);
    LongAccumulator counted = jsc.sc().longAccumulator("ctl.steps");
    long started = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      double[] current = p;
      List<Tuple3<Integer, Double, double[]>> parts = records.map(r -> {
        double[] g = new double[model.parameterCount()];
        double loss = model.lossAndGradient(current, r.xTrain(), r.yTrain(), r.trainRows(), g);
        double w = r.trainRows();
        for (int i = 0; i < g.length; i++) {
          g[i] *= w;
        }
        return new Tuple3<>(r.index(), loss * w, g);
      }).collect();
      List<Tuple3<Integer, Double, double[]>> sorted = new java.util.ArrayList<>(parts);
      sorted.sort(Comparator.comparingInt(Tuple3::_1));
      double[] grad = new double[model.parameterCount()];
      double loss = 0.0;
      for (Tuple3<Integer, Double, double[]> t : sorted) {
        loss += t._2();
        for (int i = 0; i < grad.length; i++) {
          grad[i] += t._3()[i];
        }
      }
      loss /= rowsTotal;
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
      if ((step + 1) % 100 == 0 || step + 1 == steps) {
        LOG.info("global-mtl: step {} of {}, pooled loss {}, {} s elapsed", step + 1, steps,
            String.format("%.6g", loss), String.format("%.1f",
                (System.nanoTime() - started) / 1e9));
      }
    }
    double[][] params = new double[taskCount][];
    java.util.Arrays.fill(params, p);
    return new CascadeResult(params, new int[taskCount], counted.value(), steps);
  }
}
