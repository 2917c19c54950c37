package io.ctlspark.run;

import io.ctlspark.BadInputException;
import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.StepPlan;
import io.ctlspark.budget.WeightedAllocation;
import io.ctlspark.cascade.CascadeEngine;
import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.cascade.GlobalMtlTrainer;
import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.eval.Evaluation;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.geometry.Medoid;
import io.ctlspark.geometry.TaskClustering;
import io.ctlspark.model.Model;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.TreeInputs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple3;

/**
 * One training run on Spark, phase by phase: load the tasks, summarise them, build the tree and
 * the step plan on the driver, train (cascade or baseline), evaluate on the test sets.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final int partitions;

  /** @param partitions partitions of the per-task data; 0 for Spark's default parallelism */
  public TrainingRun(SparkSession spark, int partitions) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.partitions = partitions > 0 ? partitions : jsc.defaultParallelism();
  }

  public int partitions() {
    return partitions;
  }

  /** Reads ctl.data.train and ctl.data.test into cached per-task records. */
  public TaskDataset load(CtlConfig config, RunSettings s) {
    TaskTableReader reader = new TaskTableReader(spark,
        TableFormat.fromConfig("ctl.data.format", config.requiredString("ctl.data.format")));
    String trainPath = config.requiredString("ctl.data.train");
    String testPath = config.requiredString("ctl.data.test");
    String trainSource = "ctl.data.train (" + trainPath + ")";
    String testSource = "ctl.data.test (" + testPath + ")";
    Dataset<Row> train = reader.read("ctl.data.train", trainPath);
    Dataset<Row> test = reader.read("ctl.data.test", testPath);
    List<String> numeric = new ArrayList<>(builder(s).featureColumns(train, trainSource));
    numeric.add(s.columns.labelCol());
    try {
      return load(reader.readNumeric("ctl.data.train", trainPath, train, numeric), trainSource,
          reader.readNumeric("ctl.data.test", testPath, test, numeric), testSource, s);
    } catch (TaskDatasetBuilder.MalformedInputException e) {
      // The string-typed tables name the unreadable cell (file, column, task, value).
      load(train, trainSource, test, testSource, s).release();
      throw e;
    }
  }

  private TaskDatasetBuilder builder(RunSettings s) {
    return new TaskDatasetBuilder(s.columns, s.emptyTasks,
        s.modelType.isClassifier(), partitions);
  }

  /** Per-task records from tables already in hand (generated data, tests). */
  public TaskDataset load(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource, RunSettings s) {
    TaskDataset data = builder(s).build(train, trainSource, test, testSource);
    LOG.info("loaded {} tasks, {} features, {} partitions", data.taskCount(),
        data.featureCount(), partitions);
    return data;
  }

  public RunResult train(TaskDataset data, RunSettings s, PhaseTimer timer) {
    int n = data.taskCount();
    Model model = s.modelType.create(data.featureCount(), s.hidden, s.eps);
    TaskTrainer trainer = new TaskTrainer(model, s.eta, s.seed);
    CascadeTree tree;
    int root = -1;
    int[] planned;
    long plannedTotal;
    CascadeResult trained;
    long rowsTotal = 0;
    long sourceRowGradients = 0;
    for (int v = 0; v < n; v++) {
      rowsTotal += data.trainRows(v);
    }
    switch (s.method) {
      case CASCADE -> {
        Summaries sm = timer.time("summaries",
            () -> summarise(data, s.distance, s.treeType.isClustered()));
        boolean approximate = n > s.approximateAbove;
        int r = resolveRoot(s.root, data, sm, approximate);
        // The budget-aware tree weighs depth against the steps a non-root task will get.
        double perTask = Math.max(1, n > 1
            ? (s.budget - ReferenceAllocation.seedSteps(s.budget, s.seedFraction)) / (n - 1) : 1);
        tree = timer.time("tree", () -> {
          int[] clusterOf = s.treeType.isClustered()
              ? TaskClustering.kmeans(spark, sm.clusterEmbedding, s.clusters, s.seed) : null;
          // Above ctl.tree.approximate-above an MST over an embedding distance is approximate.
          double[][] approx = approximate && s.distance.isEmbedding() ? sm.clusterEmbedding : null;
          return s.treeType.builder(new TreeInputs(s.seed, s.maxDepth, s.depthPenalty, perTask,
              clusterOf, sm.meanFeatures, approx))
              .build(s.distance.over(sm.summaries, data.taskIds()), r);
        });
        root = r;
        boolean pooled = s.root.equals(RunSettings.POOLED_ROOT);
        StepPlan plan = pooled
            ? ReferenceAllocation.pooledRoot(n, s.budget, s.seedFraction, s.zeroSteps)
            : WeightedAllocation.plan(tree, r, s.budget, s.seedFraction, s.allocation, s.alpha,
                s.beta, s.zeroSteps);
        int sourceSteps = pooled ? (int) (s.budget - plan.budget()) : 0;
        planned = plan.toArray();
        plannedTotal = plan.total() + sourceSteps;
        sourceRowGradients = sourceSteps * rowsTotal;
        LOG.info("{} tree over {} tasks rooted at '{}'{}, depth {}; {} of {} steps planned",
            s.label(), n, data.taskId(r), pooled ? " (from a pooled source)" : "",
            tree.maxDepth(), plannedTotal, s.budget);
        long rows = rowsTotal;
        trained = timer.time("cascade", () -> {
          if (!pooled) {
            return newEngine(trainer, s).run(data.records(), tree, plan);
          }
          // The pooled root rule: a virtual source trained on all tasks' rows, then the cascade
          // from it; its steps count against the same budget.
          CascadeResult source = new GlobalMtlTrainer(jsc, trainer)
              .train(data.records(), n, rows, sourceSteps, s.eta);
          CascadeResult c = newEngine(trainer.startingRootsFrom(source.parameters()[0]), s)
              .run(data.records(), tree, plan);
          return new CascadeResult(c.parameters(), c.stepsUsed(),
              c.stepsCounted() + source.stepsCounted(), c.stages() + source.stages());
        });
      }
      case INDIV -> {
        tree = CascadeTree.independent(n);
        StepPlan plan = ReferenceAllocation.independent(n, s.budget, s.zeroSteps);
        planned = plan.toArray();
        plannedTotal = plan.total();
        trained = timer.time("cascade", () -> newEngine(trainer, s).run(data.records(), tree,
            plan));
      }
      case GLOBAL_MTL -> {
        tree = CascadeTree.independent(n);
        planned = new int[n];
        plannedTotal = s.budget;
        long rows = rowsTotal;
        trained = timer.time("cascade", () -> new GlobalMtlTrainer(jsc, trainer)
            .train(data.records(), n, rows, (int) Math.min(Integer.MAX_VALUE, s.budget), s.eta));
      }
      default -> throw new IllegalStateException("unhandled method " + s.method);
    }
    long rowGradients = sourceRowGradients;
    if (s.method == Method.GLOBAL_MTL) {
      rowGradients = trained.stepsCounted() * rowsTotal;
    } else {
      for (int v = 0; v < n; v++) {
        rowGradients += (long) trained.stepsUsed()[v] * data.trainRows(v);
      }
    }
    double[][] params = trained.parameters();
    List<TaskMetrics> metrics = timer.time("evaluation",
        () -> Evaluation.evaluate(jsc, data.records(), model, params));
    return new RunResult(s, data, model, tree, root, planned, plannedTotal, trained,
        rowGradients, metrics, timer.seconds());
  }

  private CascadeEngine newEngine(TaskTrainer trainer, RunSettings s) {
    return new CascadeEngine(jsc, trainer, partitions, s.blockSize);
  }

  /**
   * Per-task statistics collected to the driver in one pass: mean raw features (root rule), the
   * distance's summary, and, for cluster trees, the vectors KMeans clusters: the distance's own
   * embedding when it is one, else the model (ridge) embedding.
   */
  static final class Summaries {
    final double[][] meanFeatures;
    final double[][][] summaries;
    final double[][] clusterEmbedding;

    Summaries(double[][] meanFeatures, double[][][] summaries, double[][] clusterEmbedding) {
      this.meanFeatures = meanFeatures;
      this.summaries = summaries;
      this.clusterEmbedding = clusterEmbedding;
    }
  }

  private static Summaries summarise(TaskDataset data, DistanceKind distance,
      boolean clustered) {
    DistanceKind clusterKind = distance.isEmbedding() ? distance : DistanceKind.MODEL;
    boolean extra = clustered && clusterKind != distance;
    List<Tuple3<Integer, double[], double[][][]>> rows = new ArrayList<>(data.records()
        .map(r -> new Tuple3<>(r.index(), r.xMean(), new double[][][] {distance.summarise(r),
            extra ? clusterKind.summarise(r) : null}))
        .collect());
    rows.sort(Comparator.comparingInt(Tuple3::_1));
    int n = data.taskCount();
    double[][] means = new double[n][];
    double[][][] summaries = new double[n][][];
    double[][] cluster = new double[n][];
    for (Tuple3<Integer, double[], double[][][]> t : rows) {
      means[t._1()] = t._2();
      summaries[t._1()] = t._3()[0];
      cluster[t._1()] = extra ? t._3()[1][0] : t._3()[0][0];
    }
    return new Summaries(means, summaries, cluster);
  }

  private static int resolveRoot(String root, TaskDataset data, Summaries sm,
      boolean approximate) {
    if (root.equals("medoid") || root.equals(RunSettings.POOLED_ROOT)) {
      return approximate ? Medoid.sampled(sm.meanFeatures, Medoid.SAMPLE)
          : Medoid.of(sm.meanFeatures);
    }
    String[] ids = data.taskIds();
    int i = java.util.Arrays.binarySearch(ids, root);
    if (i < 0) {
      throw new BadInputException("ctl.tree.root: no task '" + root
          + "' in the data (give 'medoid' or one of the " + ids.length + " task ids)");
    }
    return i;
  }
}
