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
import io.ctlspark.data.TaskColumns;
import io.ctlspark.eval.Evaluation;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.Layout;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.TimeSplit;
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
import static org.apache.spark.sql.functions.col;

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
    this.partitions = partitions(spark, partitions);
  }

  /** ctl.spark.partitions as a count: the configured one, or Spark's default parallelism. */
  public static int partitions(SparkSession spark, int configured) {
    return configured > 0 ? configured : spark.sparkContext().defaultParallelism();
  }

  public int partitions() {
    return partitions;
  }

  /**
   * Reads the configured data into cached per-task records: the wide train and test tables
   * (ctl.data.train, ctl.data.test), with calendar features when a time column is given, or the
   * samples built from long raw series (ctl.data.series) and split in time.
   */
  public TaskDataset load(CtlConfig config, RunSettings s) {
    return load(config, s, TimeSplit.TEST);
  }

  /**
   * The tuning view of the configured data: with long series and a validation range in
   * ctl.split, the training samples and the validation samples (in place of the test samples);
   * otherwise null, and tuning splits the training rows instead (TaskDataset#validationSplit).
   */
  public TaskDataset loadTimeValidation(CtlConfig config, RunSettings s) {
    if (s.features.layout != Layout.LONG
        || !new TimeSplit(config, s.features.zone()).hasValidation()) {
      return null;
    }
    return load(config, s, TimeSplit.VALIDATION);
  }

  /** @param evaluated the split code of the samples that take the test rows' place */
  private TaskDataset load(CtlConfig config, RunSettings s, int evaluated) {
    TaskTableReader reader = new TaskTableReader(spark,
        TableFormat.fromConfig("ctl.data.format", config.requiredString("ctl.data.format")));
    FeatureSpec spec = s.features;
    if (spec.layout == Layout.LONG) {
      String path = config.requiredString("ctl.data.series");
      String source = "ctl.data.series (" + path + ")";
      FeatureTable samples = SeriesFeatures.fromLong(reader.read("ctl.data.series", path), source,
          spec, new TimeSplit(config, spec.zone()), false, partitions);
      try {
        Dataset<Row> rows = samples.rows();
        TaskDatasetBuilder b = new TaskDatasetBuilder(new TaskColumns(samples.taskCol(),
            samples.labelCol(), samples.features(), ""), s.emptyTasks,
            s.modelType.isClassifier(), partitions, SeriesFeatures.TIME);
        TaskDataset data = b.build(
            rows.filter(col(SeriesFeatures.SPLIT).equalTo(TimeSplit.TRAIN)),
            source + ", training samples",
            rows.filter(col(SeriesFeatures.SPLIT).equalTo(evaluated)),
            source + (evaluated == TimeSplit.TEST ? ", test samples" : ", validation samples"));
        logLoaded(data);
        return data.withSeriesGaps(samples.gaps());
      } finally {
        samples.release();
      }
    }
    String trainPath = config.requiredString("ctl.data.train");
    String testPath = config.requiredString("ctl.data.test");
    String trainSource = "ctl.data.train (" + trainPath + ")";
    String testSource = "ctl.data.test (" + testPath + ")";
    Dataset<Row> train = reader.read("ctl.data.train", trainPath);
    Dataset<Row> test = reader.read("ctl.data.test", testPath);
    TaskColumns wide = resolveColumns(s, train, trainSource);
    List<String> numeric = new ArrayList<>(wide.featureCols());
    numeric.removeAll(FeatureSpec.CALENDAR);
    numeric.add(s.columns.labelCol());
    try {
      return load(
          SeriesFeatures.withCalendar(reader.readNumeric("ctl.data.train", trainPath, train,
              numeric), trainSource, spec), trainSource,
          SeriesFeatures.withCalendar(reader.readNumeric("ctl.data.test", testPath, test,
              numeric), testSource, spec), testSource, s, wide);
    } catch (TaskDatasetBuilder.MalformedInputException e) {
      // The string-typed tables name the unreadable cell (file, column, task, value).
      load(SeriesFeatures.withCalendar(train, trainSource, spec), trainSource,
          SeriesFeatures.withCalendar(test, testSource, spec), testSource, s, wide).release();
      throw e;
    }
  }

  /**
   * The wide table's columns with its features resolved (the time column is never one) and the
   * calendar features appended when they are asked for.
   */
  private TaskColumns resolveColumns(RunSettings s, Dataset<Row> train, String source) {
    FeatureSpec spec = s.features;
    boolean hasTime = spec.timeCol != null && List.of(train.columns()).contains(spec.timeCol);
    List<String> features = new ArrayList<>(builder(s, s.columns).featureColumns(
        hasTime ? train.drop(spec.timeCol) : train, source));
    if (spec.addsCalendar()) {
      features.addAll(FeatureSpec.CALENDAR);
    }
    return new TaskColumns(s.columns.taskCol(), s.columns.labelCol(), features, "");
  }

  private TaskDatasetBuilder builder(RunSettings s, TaskColumns columns) {
    return new TaskDatasetBuilder(columns, s.emptyTasks, s.modelType.isClassifier(), partitions,
        null);
  }

  /** Per-task records from tables already in hand (generated data, tests). */
  public TaskDataset load(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource, RunSettings s) {
    return load(train, trainSource, test, testSource, s, s.columns);
  }

  private TaskDataset load(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource, RunSettings s, TaskColumns columns) {
    TaskDataset data = builder(s, columns).build(train, trainSource, test, testSource);
    logLoaded(data);
    return data;
  }

  private void logLoaded(TaskDataset data) {
    LOG.info("loaded {} tasks, {} features, {} partitions", data.taskCount(),
        data.featureCount(), partitions);
  }

  public RunResult train(TaskDataset data, RunSettings s, PhaseTimer timer) {
    int n = data.taskCount();
    Model model = s.modelType.create(data.featureCount(), s.hidden, s.eps);
    TaskTrainer trainer = new TaskTrainer(model, s.descent(), s.seed);
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
            return newEngine(trainer, s).run(data, tree, plan);
          }
          // The pooled root rule: a virtual source trained on all tasks' rows, then the cascade
          // from it; its steps count against the same budget.
          CascadeResult source = new GlobalMtlTrainer(jsc, trainer)
              .train(data.records(), n, rows, sourceSteps);
          CascadeResult c = newEngine(trainer.startingRootsFrom(source.parameters()[0]), s)
              .run(data, tree, plan);
          return new CascadeResult(c.parameters(), c.stepsUsed(),
              c.stepsCounted() + source.stepsCounted(), c.stages() + source.stages());
        });
      }
      case INDIV -> {
        tree = CascadeTree.independent(n);
        StepPlan plan = ReferenceAllocation.independent(n, s.budget, s.zeroSteps);
        planned = plan.toArray();
        plannedTotal = plan.total();
        trained = timer.time("cascade", () -> newEngine(trainer, s).run(data, tree,
            plan));
      }
      case GLOBAL_MTL -> {
        tree = CascadeTree.independent(n);
        planned = new int[n];
        plannedTotal = s.budget;
        long rows = rowsTotal;
        trained = timer.time("cascade", () -> new GlobalMtlTrainer(jsc, trainer)
            .train(data.records(), n, rows, (int) Math.min(Integer.MAX_VALUE, s.budget)));
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
    return new CascadeEngine(jsc, trainer, partitions, s.blockPlanning);
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
