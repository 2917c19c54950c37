package io.ctlspark.run;

import static org.apache.spark.sql.functions.col;

import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.data.InputSpec;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.eval.Evaluation;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.Layout;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.TimeSplit;
import io.ctlspark.method.MethodContext;
import io.ctlspark.method.MethodResult;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.model.Model;
import io.ctlspark.spec.Setting;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  public TaskDataset load(RunSpec s) {
    return load(s, TimeSplit.TEST);
  }

  /**
   * The tuning view of the configured data: with long series and a validation range in
   * ctl.split, the training samples and the validation samples (in place of the test samples);
   * otherwise null, and tuning splits the training rows instead (TaskDataset#validationSplit).
   */
  public TaskDataset loadTimeValidation(RunSpec s) {
    if (s.split() == null || !s.split().hasValidation()) {
      return null;
    }
    return load(s, TimeSplit.VALIDATION);
  }

  /** @param evaluated the split code of the samples that take the test rows' place */
  private TaskDataset load(RunSpec s, int evaluated) {
    TaskTableReader reader = new TaskTableReader(spark, s.input().format());
    FeatureSpec spec = s.features();
    if (spec.layout == Layout.LONG) {
      String path = InputSpec.required(Setting.SERIES, s.input().series());
      String source = Setting.SERIES.key() + " (" + path + ")";
      FeatureTable samples = SeriesFeatures.fromLong(reader.read(Setting.SERIES.key(), path),
          source, spec, s.split(), false, partitions);
      try {
        Dataset<Row> rows = samples.rows();
        TaskDatasetBuilder b = new TaskDatasetBuilder(new TaskColumns(samples.taskCol(),
            samples.labelCol(), samples.features(), ""), s.input().emptyTasks(),
            s.model().isClassifier(), partitions, SeriesFeatures.TIME);
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
    String trainPath = InputSpec.required(Setting.TRAIN, s.input().train());
    String testPath = InputSpec.required(Setting.TEST, s.input().test());
    String trainKey = Setting.TRAIN.key();
    String testKey = Setting.TEST.key();
    String trainSource = trainKey + " (" + trainPath + ")";
    String testSource = testKey + " (" + testPath + ")";
    Dataset<Row> train = reader.read(trainKey, trainPath);
    Dataset<Row> test = reader.read(testKey, testPath);
    TaskColumns wide = resolveColumns(s, train, trainSource);
    List<String> numeric = new ArrayList<>(wide.featureCols());
    numeric.removeAll(FeatureSpec.CALENDAR);
    numeric.add(s.input().columns().labelCol());
    try {
      return load(
          SeriesFeatures.withCalendar(reader.readNumeric(trainKey, trainPath, train,
              numeric), trainSource, spec), trainSource,
          SeriesFeatures.withCalendar(reader.readNumeric(testKey, testPath, test,
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
  private TaskColumns resolveColumns(RunSpec s, Dataset<Row> train, String source) {
    FeatureSpec spec = s.features();
    TaskColumns columns = s.input().columns();
    boolean hasTime = spec.timeCol != null && List.of(train.columns()).contains(spec.timeCol);
    List<String> features = new ArrayList<>(builder(s, columns).featureColumns(
        hasTime ? train.drop(spec.timeCol) : train, source));
    if (spec.addsCalendar()) {
      features.addAll(FeatureSpec.CALENDAR);
    }
    return new TaskColumns(columns.taskCol(), columns.labelCol(), features, "");
  }

  private TaskDatasetBuilder builder(RunSpec s, TaskColumns columns) {
    return new TaskDatasetBuilder(columns, s.input().emptyTasks(), s.model().isClassifier(),
        partitions, null);
  }

  /** Per-task records from tables already in hand (generated data, tests). */
  public TaskDataset load(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource, RunSpec s) {
    return load(train, trainSource, test, testSource, s, s.input().columns());
  }

  private TaskDataset load(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource, RunSpec s, TaskColumns columns) {
    TaskDataset data = builder(s, columns).build(train, trainSource, test, testSource);
    logLoaded(data);
    return data;
  }

  private void logLoaded(TaskDataset data) {
    LOG.info("loaded {} tasks, {} features, {} partitions", data.taskCount(),
        data.featureCount(), partitions);
  }

  /** Trains every task by the spec's method, then evaluates each task on its test rows. */
  public RunResult train(TaskDataset data, RunSpec s, PhaseTimer timer) {
    Model model = s.model().create(data.featureCount());
    TaskTrainer trainer = new TaskTrainer(model, s.training().descent(), s.training().seed());
    MethodResult m = s.method().strategy(s.tree()).train(new MethodContext(spark, data, trainer,
        partitions, s.tree(), s.allocation(), s.blocks(), s.training().seed(), timer));
    double[][] params = m.trained().parameters();
    List<TaskMetrics> metrics = timer.time("evaluation",
        () -> Evaluation.evaluate(jsc, data.records(), model, params));
    return new RunResult(s, data, model, m, metrics, timer.seconds());
  }
}
