package io.ctlspark.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.data.Baselines;
import io.ctlspark.data.GbtScores;
import io.ctlspark.data.InputSpec;
import io.ctlspark.data.NaiveScores;
import io.ctlspark.data.RidgeScores;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.eval.BaselineSpec;
import io.ctlspark.eval.Evaluation;
import io.ctlspark.eval.GlobalGbtBaseline;
import io.ctlspark.eval.RidgeBaseline;
import io.ctlspark.eval.SeasonalNaive;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.features.CalendarFeatures;
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
import java.util.function.Supplier;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.SparkContext;
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
  private final SparkRuntime spark;
  private final JavaSparkContext jsc;
  private final int partitions;

  /** @param partitions partitions of the per-task data; 0 for Spark's default parallelism */
  public TrainingRun(SparkSession spark, int partitions) {
    this(SparkRuntime.of(spark), partitions);
  }

  /**
   * A run that makes Spark SQL's session only if it reads or scores through it
   * ({@link SparkRuntime}).
   */
  public TrainingRun(SparkRuntime spark, int partitions) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.context());
    this.partitions = partitions(spark.context(), partitions);
  }

  /** ctl.spark.partitions as a count: the configured one, or Spark's default parallelism. */
  public static int partitions(SparkContext sc, int configured) {
    return checkPartitions(configured) > 0 ? configured : sc.defaultParallelism();
  }

  /** ctl.spark.partitions as configured: 0 for Spark's default parallelism, or more. */
  public static int checkPartitions(int configured) {
    if (configured < 0) {
      throw new BadInputException("ctl.spark.partitions: expected 0 (Spark's default "
          + "parallelism) or a number of partitions, got " + configured);
    }
    return configured;
  }

  public int partitions() {
    return partitions;
  }

  /**
   * Reads the configured data into cached per-task records: the wide train and test tables
   * (ctl.data.train, ctl.data.test), with calendar features when a time column is given, or the
   * samples built from long raw series (ctl.data.series) and split in time; with the baselines
   * scored on the same test rows (TaskDataset#baselines).
   */
  public TaskDataset load(RunSpec s) {
    return load(s, TimeSplit.TEST, true);
  }

  /** The same without the baselines: for a search, which only reads the training rows. */
  public TaskDataset loadForSearch(RunSpec s) {
    return load(s, TimeSplit.TEST, false);
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
    return load(s, TimeSplit.VALIDATION, false);
  }

  /**
   * A run's data and its tuning view ({@link #loadTimeValidation}, null when there is none).
   * The caller releases both.
   */
  public record Loaded(TaskDataset data, TaskDataset timeValidation) {}

  /**
   * {@link #load} and {@link #loadTimeValidation} together, for a run that tunes then trains:
   * raw series with a validation range are read, checked and merged once, and both the test and
   * the validation samples are built from them (reading the series takes most of a load: 4 to
   * 5 s of the 200 real series' 10 to 12 s). The same datasets as the two loads one after the
   * other.
   */
  public Loaded loadWithTimeValidation(RunSpec s) {
    if (s.features().layout != Layout.LONG || s.split() == null || !s.split().hasValidation()) {
      TaskDataset data = load(s);
      try {
        return new Loaded(data, loadTimeValidation(s));
      } catch (RuntimeException | Error e) {
        data.release();
        throw e;
      }
    }
    LOG.info("load: reading samples from {} ({}), then scoring the baselines; the validation "
        + "samples for tuning from the same series", Setting.SERIES.key(), s.input().series());
    return JobProgress.describe(spark.context(), "load", () -> {
      String path = InputSpec.required(Setting.SERIES, s.input().series());
      String source = Setting.SERIES.key() + " (" + path + ")";
      FeatureTable samples = seriesSamples(s, new TaskTableReader(spark, s.input().format()),
          path, source);
      try {
        TaskDataset data = fromSamples(s, samples, source, TimeSplit.TEST, true);
        try {
          return new Loaded(data, fromSamples(s, samples, source, TimeSplit.VALIDATION, false));
        } catch (RuntimeException | Error e) {
          data.release();
          throw e;
        }
      } finally {
        samples.release();
      }
    });
  }

  /**
   * @param evaluated the split code of the samples that take the test rows' place
   * @param withBaselines whether to score the baselines on them
   */
  private TaskDataset load(RunSpec s, int evaluated, boolean withBaselines) {
    String what = s.features().layout == Layout.LONG
        ? "samples from " + Setting.SERIES.key() + " (" + s.input().series() + ")"
        : Setting.TRAIN.key() + " (" + s.input().train() + ") and " + Setting.TEST.key() + " ("
            + s.input().test() + ")";
    LOG.info("load: reading {}{}", what, withBaselines ? ", then scoring the baselines" : "");
    return JobProgress.describe(spark.context(), "load",
        () -> loadNow(s, evaluated, withBaselines));
  }

  private TaskDataset loadNow(RunSpec s, int evaluated, boolean withBaselines) {
    TaskTableReader reader = new TaskTableReader(spark, s.input().format());
    FeatureSpec spec = s.features();
    if (spec.layout == Layout.LONG) {
      String path = InputSpec.required(Setting.SERIES, s.input().series());
      String source = Setting.SERIES.key() + " (" + path + ")";
      FeatureTable samples = seriesSamples(s, reader, path, source);
      try {
        return fromSamples(s, samples, source, evaluated, withBaselines);
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
    // CSV is read straight from the files (the calendar features computed in Java from the
    // time column): the same records as through Spark SQL, several times faster, and no SQL
    // session to start.
    TableFormat trainFormat = reader.formatOf(trainKey, trainPath);
    TableFormat testFormat = reader.formatOf(testKey, testPath);
    if (trainFormat == TableFormat.CSV && testFormat == TableFormat.CSV) {
      return loadCsv(s, reader, trainPath, trainSource, testPath, testSource, withBaselines);
    }
    // Parquet likewise, when its columns hold plain numbers (and its time column, for calendar
    // features, instants).
    if (trainFormat == TableFormat.PARQUET && testFormat == TableFormat.PARQUET) {
      TaskDataset data = loadParquet(s, reader, trainPath, trainSource, testPath, testSource,
          withBaselines);
      if (data != null) {
        return data;
      }
    }
    Dataset<Row> train = reader.read(trainKey, trainPath);
    Dataset<Row> test = reader.read(testKey, testPath);
    TaskColumns wide = resolveColumns(s, List.of(train.columns()), train, trainSource);
    List<String> numeric = new ArrayList<>(wide.featureCols());
    numeric.removeAll(FeatureSpec.CALENDAR);
    numeric.add(s.input().columns().labelCol());
    try {
      Dataset<Row> trainTable = reader.readNumeric(trainKey, trainPath, train, numeric);
      Dataset<Row> testTable = reader.readNumeric(testKey, testPath, test, numeric);
      TaskDataset data = load(SeriesFeatures.withCalendar(trainTable, trainSource, spec),
          trainSource, SeriesFeatures.withCalendar(testTable, testSource, spec), testSource, s,
          wide);
      if (withBaselines) {
        String task = wide.taskCol();
        String label = wide.labelCol();
        boolean timed = spec.timeCol != null && List.of(train.columns()).contains(spec.timeCol);
        // Every labelled row, training or test, is an observation the naive forecast may use.
        data.withBaselines(baselines(s, data, !timed ? null
            : naiveOf(spec, () -> naiveSeries(spec, trainTable, testTable, task, label))));
      }
      return data;
    } catch (TaskDatasetBuilder.MalformedInputException e) {
      // The string-typed tables name the unreadable cell (file, column, task, value).
      load(SeriesFeatures.withCalendar(train, trainSource, spec), trainSource,
          SeriesFeatures.withCalendar(test, testSource, spec), testSource, s, wide).release();
      throw e;
    }
  }

  /** The seasonal naive's observations: every labelled row of both tables (Spark SQL). */
  private static SeasonalNaive.Series naiveSeries(FeatureSpec spec, Dataset<Row> train,
      Dataset<Row> test, String task, String label) {
    return SeasonalNaive.Series.ofRows(SeasonalNaive.scoredRows(scoredRows(
        SeriesFeatures.withTime(train, spec), task, label, TimeSplit.TRAIN).union(
        scoredRows(SeriesFeatures.withTime(test, spec), task, label, TimeSplit.TEST))));
  }

  /**
   * A wide Parquet table's records (and baselines) read straight from its files; null when a
   * column the records need is of a type only Spark SQL converts (or is missing: Spark SQL's
   * path then says so), or the table is a partitioned folder. With a time column that holds
   * instants the reader takes, the calendar features and the seasonal naive's observations come
   * straight from the files too; with another one, through Spark SQL.
   */
  private TaskDataset loadParquet(RunSpec s, TaskTableReader reader, String trainPath,
      String trainSource, String testPath, String testSource, boolean withBaselines) {
    MessageType trainSchema = reader.parquetSchema(Setting.TRAIN.key(), trainPath);
    MessageType testSchema = reader.parquetSchema(Setting.TEST.key(), testPath);
    if (trainSchema == null || testSchema == null) {
      return null;
    }
    List<String> names = trainSchema.getFields().stream().map(Type::getName).toList();
    TaskColumns wide = resolveColumns(s, names, null, trainSource);
    TaskDatasetBuilder b = builder(s, wide);
    FeatureSpec spec = s.features();
    String calendarTime = spec.addsCalendar() ? spec.timeCol : null;
    String why = b.readsParquet(trainSchema, wide.featureCols(), calendarTime);
    if (why == null) {
      why = b.readsParquet(testSchema, wide.featureCols(), calendarTime);
    }
    if (why != null) {
      LOG.info("load: reading Parquet through Spark SQL: {}", why);
      return null;
    }
    boolean timed = withBaselines && naivePeriods(spec) != null && spec.timeCol != null
        && names.contains(spec.timeCol);
    // The observations kept by the load itself when the reader takes the time column.
    boolean direct = timed && b.readsParquet(trainSchema, List.of(), spec.timeCol) == null
        && b.readsParquet(testSchema, List.of(), spec.timeCol) == null;
    if (direct) {
      observing(b, spec);
    }
    TaskDataset data = b.buildFromParquet(spark.context(), trainPath, trainSchema, trainSource,
        testPath, testSchema, testSource, wide.featureCols(),
        calendarTime == null ? null : new CalendarFeatures(spec));
    logLoaded(data);
    if (withBaselines) {
      data.withBaselines(baselines(s, data, !timed ? null
          : direct ? fromSums(spec, data)
          : naiveOf(spec, () -> naiveSeries(spec, reader.read(Setting.TRAIN.key(), trainPath),
              reader.read(Setting.TEST.key(), testPath), wide.taskCol(), wide.labelCol()))));
    }
    return data;
  }

  /**
   * Has the loader keep every labelled row's observation for the seasonal naive as it reads the
   * rows, and sum each task's where it groups them (no second read of the tables).
   */
  private static void observing(TaskDatasetBuilder b, FeatureSpec spec) {
    int[] periods = naivePeriods(spec);
    int horizon = spec.horizon;
    long interval = spec.intervalMicros;
    b.withObservations(spec.timeCol, spec.timeZone,
        observed -> SeasonalNaive.sums(observed, periods, horizon, interval));
  }

  /** The naive's scores from the sums the load kept ({@link #observing}). */
  private static NaiveSource fromSums(FeatureSpec spec, TaskDataset data) {
    return ids -> SeasonalNaive.fromSums(NAIVE_NAMES, naivePeriods(spec),
        data.observationSums(), ids);
  }

  /** A wide CSV table's records (and baselines), read straight from its files. */
  private TaskDataset loadCsv(RunSpec s, TaskTableReader reader, String trainPath,
      String trainSource, String testPath, String testSource, boolean withBaselines) {
    FeatureSpec spec = s.features();
    List<String> trainHeader = reader.csvHeader(Setting.TRAIN.key(), trainPath);
    List<String> testHeader = reader.csvHeader(Setting.TEST.key(), testPath);
    TaskColumns wide = resolveColumns(s, trainHeader, null, trainSource);
    TaskDatasetBuilder b = builder(s, wide);
    // Every labelled row, training or test, is an observation the naive forecast may use.
    boolean naive = withBaselines && naivePeriods(spec) != null && spec.timeCol != null
        && trainHeader.contains(spec.timeCol);
    if (naive) {
      observing(b, spec);
    }
    TaskDataset data = b.buildFromCsv(spark.context(), trainHeader,
        trainPath, trainSource, testHeader, testPath, testSource,
        spec.addsCalendar() ? new CalendarFeatures(spec) : null);
    logLoaded(data);
    if (withBaselines) {
      data.withBaselines(baselines(s, data, naive ? fromSums(spec, data) : null));
    }
    return data;
  }

  /** The raw series' observations, checked and merged, ready to give samples (cached). */
  private FeatureTable seriesSamples(RunSpec s, TaskTableReader reader, String path,
      String source) {
    return SeriesFeatures.fromLong(reader.read(Setting.SERIES.key(), path), source, s.features(),
        s.split(), false, partitions);
  }

  /** One dataset from the series' samples: the training ones and those of {@code evaluated}. */
  private TaskDataset fromSamples(RunSpec s, FeatureTable samples, String source, int evaluated,
      boolean withBaselines) {
    TaskDataset data = builder(s, new TaskColumns(samples.taskCol(), samples.labelCol(),
        samples.features(), "")).buildFromSeries(samples, evaluated,
        source + ", training samples",
        source + (evaluated == TimeSplit.TEST ? ", test samples" : ", validation samples"));
    logLoaded(data);
    if (withBaselines) {
      data.withBaselines(baselines(s, data,
          naiveOf(s.features(), () -> SeasonalNaive.Series.ofSamples(samples))));
    }
    return data.withSeriesGaps(samples.gaps());
  }

  /**
   * The wide table's columns with its features resolved (the time column is never one) and the
   * calendar features appended when they are asked for.
   *
   * @param header the table's columns
   * @param typed the table, whose feature columns must be numbers or strings; null for CSV read
   *     directly (every value a string)
   */
  private TaskColumns resolveColumns(RunSpec s, List<String> header, Dataset<Row> typed,
      String source) {
    FeatureSpec spec = s.features();
    TaskColumns columns = s.input().columns();
    List<String> names = new ArrayList<>(header);
    if (spec.timeCol != null) {
      names.remove(spec.timeCol);
    }
    TaskDatasetBuilder b = builder(s, columns);
    List<String> resolved = new ArrayList<>(b.featureColumns(names, source));
    if (typed != null) {
      b.requireNumeric(typed, source, resolved);
    }
    if (spec.addsCalendar()) {
      resolved.addAll(FeatureSpec.CALENDAR);
    }
    return new TaskColumns(columns.taskCol(), columns.labelCol(), resolved, "");
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

  /** (task, time, label, split) of a wide table, as SeasonalNaive reads them. */
  private static Dataset<Row> scoredRows(Dataset<Row> table, String task, String label,
      int split) {
    return table.select(col(task).cast("string").as(SeasonalNaive.TASK),
        col(SeriesFeatures.TIME).as(SeasonalNaive.TIME),
        col(label).cast("double").as(SeasonalNaive.VALUE), lit(split).as(SeasonalNaive.SPLIT));
  }

  /**
   * The baselines of a run on these tasks: seasonal naive daily and weekly when the data have
   * times, per-task ridge (regression only) and, when asked for, the global GBT.
   *
   * @param naive the seasonal naive's scores (computed when the baselines are scored, from a
   *     series built then or from sums the load kept), or null when the data have no times
   */
  private Baselines baselines(RunSpec s, TaskDataset data, NaiveSource naive) {
    return JobProgress.describe(spark.context(), "baselines",
        () -> scoreBaselines(s, data, naive));
  }

  /** The seasonal naive's scores of the run's tasks (their sorted ids), for naivePeriods. */
  private interface NaiveSource {
    NaiveScores[] scores(String[] ids);
  }

  /** The forecasts the seasonal naive scores: the same time a day and a week before. */
  private static final String[] NAIVE_NAMES = {"daily", "weekly"};

  /** Their periods in intervals, or null when the interval does not divide a day. */
  private static int[] naivePeriods(FeatureSpec spec) {
    int day = SeasonalNaive.period(spec.intervalMicros, 1);
    return day > 0 ? new int[] {day, 7 * day} : null;
  }

  /** The naive's scores from a series built when they are scored. */
  private static NaiveSource naiveOf(FeatureSpec spec, Supplier<SeasonalNaive.Series> series) {
    return ids -> SeasonalNaive.score(NAIVE_NAMES, naivePeriods(spec), spec.horizon,
        spec.intervalMicros, series.get(), ids);
  }

  private Baselines scoreBaselines(RunSpec s, TaskDataset data, NaiveSource naive) {
    long t0 = System.nanoTime();
    String[] ids = data.taskIds();
    NaiveScores daily = null;
    NaiveScores weekly = null;
    if (naive != null && naivePeriods(s.features()) != null) {
      NaiveScores[] both = naive.scores(ids);
      daily = both[0];
      weekly = both[1];
    }
    RidgeScores ridge = s.model().isClassifier() ? null
        : RidgeBaseline.score(data.records(), data.taskCount());
    BaselineSpec opt = s.baselines();
    GbtScores gbt = opt.gbt() && !s.model().isClassifier()
        ? GlobalGbtBaseline.score(spark.session(), data.records(), data.taskCount(),
            opt.gbtTrees(), opt.gbtDepth(), s.training().seed())
        : null;
    LOG.info("baselines: seasonal naive {}, per-task ridge {}{}; {} s",
        daily == null ? "not available (no time column, or an interval that does not divide a "
            + "day)" : "daily and weekly", ridge == null ? "skipped (classifier)" : "done",
        gbt == null ? "" : ", global GBT (" + gbt.trees() + " trees) done",
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return new Baselines(daily, weekly, ridge, gbt);
  }

  private void logLoaded(TaskDataset data) {
    LOG.info("loaded {} tasks, {} features, {} partitions", data.taskCount(),
        data.featureCount(), partitions);
  }

  /** Trains every task by the spec's method, then evaluates each task on its test rows. */
  public RunResult train(TaskDataset data, RunSpec s, PhaseTimer timer) {
    return JobProgress.describe(spark.context(), "train " + s.label(),
        () -> trainNow(data, s, timer));
  }

  private RunResult trainNow(TaskDataset data, RunSpec s, PhaseTimer timer) {
    Model model = s.model().create(data.featureCount());
    TaskTrainer trainer = new TaskTrainer(model, s.training().descent(), s.training().seed());
    MethodResult m = s.method().strategy(s.tree()).train(new MethodContext(spark.context(), data,
        trainer, partitions, s.tree(), s.allocation(), s.blocks(), s.training().seed(), timer));
    if (s.allocation().mostlyUnplanned(m.stepsPlanned())) {
      // Pure transfer (zero-step tasks) can leave most of a budget unplannable.
      LOG.warn("only {} of the budget's {} steps could be planned: with {} tasks, the rule "
          + "gives most of them no step (ctl.train.zero-step-tasks = transfer); a budget of at "
          + "least one step per task would use it", m.stepsPlanned(), s.allocation().budget(),
          data.taskCount());
    }
    double[][] params = m.trained().parameters();
    List<TaskMetrics> metrics = timer.time("evaluation",
        () -> Evaluation.evaluate(jsc, data.records(), model, params));
    return new RunResult(s, data, model, m, metrics, timer.seconds());
  }
}
