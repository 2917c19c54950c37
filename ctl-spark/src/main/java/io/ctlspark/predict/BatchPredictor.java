package io.ctlspark.predict;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udf;

import io.ctlspark.BadInputException;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.Layout;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.SeriesSamples;
import io.ctlspark.features.Timestamps;
import io.ctlspark.model.Model;
import io.ctlspark.model.TaskModel;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.run.JobProgress;
import io.ctlspark.run.RunManifest;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Batch scoring with a stored run: builds the run's features from new data (raw series or a
 * feature table), scores every complete sample with its series' model, and writes predictions as
 * Parquet partitioned by date. From raw series it also forecasts the h steps past each series'
 * last timestamp, which is what a nightly job is run for.
 */
public final class BatchPredictor {
  private static final Logger LOG = LoggerFactory.getLogger(BatchPredictor.class);
  private static final StructType SCORED = new StructType()
      .add("series", DataTypes.StringType, false)
      .add("t", DataTypes.LongType, true)
      .add("actual", DataTypes.DoubleType, true)
      .add("model_task", DataTypes.StringType, false)
      .add("fallback", DataTypes.BooleanType, false)
      .add("prediction", DataTypes.DoubleType, true);

  /** How to allow replacing an existing --out folder, for messages. */
  public static final String OVERWRITE_HINT = "pass --overwrite";
  private final SparkSession spark;

  public BatchPredictor(SparkSession spark) {
    this.spark = spark;
  }

  /** What a predict run did. */
  public record Summary(long predictions, long series, Map<String, String> fallbacks) {}

  /**
   * @param overrides configuration on top of the run's own (ctl.predict.unknown-series,
   *     ctl.data.format, ctl.spark.*)
   */
  public Summary predict(String runDir, String dataPath, String outPath, List<String> overrides,
      boolean overwrite) {
    RunFolder run = RunFolder.open(spark.sparkContext().hadoopConfiguration(), "--models",
        runDir).verified();
    CtlConfig c = CtlConfig.fromRun(run.configJson(), overrides);
    RunSpec s = RunSpec.from(c);
    FeatureSpec spec = s.features();
    int partitions = TrainingRun.partitions(spark.sparkContext(),
        c.integer("ctl.spark.partitions"));
    UnknownSeriesPolicy unknownPolicy = UnknownSeriesPolicy.fromConfig(
        "ctl.predict.unknown-series", c.requiredString("ctl.predict.unknown-series"));
    List<String> features = run.features();
    AtomicFolder folder = AtomicFolder.open(spark.sparkContext().hadoopConfiguration(), outPath,
        overwrite, "--out");
    folder.checkWritable(OVERWRITE_HINT);

    LOG.info("predict: reading {} and scoring it with the models of {}", dataPath, runDir);
    return JobProgress.describe(spark.sparkContext(), "predict", () -> {
      String source = "--data (" + dataPath + ")";
      TaskTableReader reader = new TaskTableReader(spark,
          TableFormat.fromConfig("ctl.data.format", c.requiredString("ctl.data.format")));
      Dataset<Row> raw = reader.read("--data", dataPath);
      FeatureTable built = spec.layout == Layout.LONG
          ? SeriesFeatures.fromLong(raw, source, spec, null, true, partitions) : null;
      // A feature table is cached: its samples are read for unknown series, then scored. Raw
      // series are cached as the series they are built from.
      Dataset<Row> samples = built != null ? null
          : wideSamples(reader, raw, dataPath, source, spec, features)
              .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        return score(run, runDir, built, samples, source, s, unknownPolicy, features, folder,
            outPath);
      } finally {
        if (samples != null) {
          samples.unpersist(false);
        }
        if (built != null) {
          built.release();
        }
      }
    });
  }

  private static final String NEAREST_HINT = "set ctl.predict.unknown-series = nearest to "
      + "score such series with the model of the nearest trained task";

  /**
   * @param built the samples of raw series, or null for a feature table
   * @param samples the feature table's samples, or null for raw series
   */
  private Summary score(RunFolder run, String runDir, FeatureTable built, Dataset<Row> samples,
      String source, RunSpec s, UnknownSeriesPolicy unknownPolicy, List<String> features,
      AtomicFolder folder, String outPath) {
    FeatureSpec spec = s.features();
    String taskCol = spec.seriesCol;
    String labelCol = spec.valueCol;
    Dataset<Row> models = spark.read().parquet(run.modelsPath());
    List<String> unknown;
    if (built != null) {
      Set<String> trained = new HashSet<>(models.select("task").as(Encoders.STRING())
          .collectAsList());
      unknown = built.seriesWithSamples().collect().stream()
          .filter(id -> !trained.contains(id))
          .sorted(Comparator.comparing(UTF8String::fromString)).toList();
    } else {
      unknown = samples.select(col(taskCol).cast("string").as("task")).distinct()
          .join(models.select("task"), "task", "left_anti")
          .orderBy("task").collectAsList().stream().map(r -> r.getString(0)).toList();
    }
    Map<String, String> fallbacks = new LinkedHashMap<>();
    if (!unknown.isEmpty()) {
      List<String> dropped = unknown.stream().filter(run.droppedTasks()::contains).toList();
      if (unknownPolicy == UnknownSeriesPolicy.FAIL && !dropped.isEmpty()) {
        throw new BadInputException(source + ": series '" + dropped.get(0) + "' has no model "
            + "in " + runDir + ": the run dropped it, its test error was not finite "
            + "(ctl.train.non-finite-tasks = drop; " + dropped.size() + " such series); "
            + NEAREST_HINT);
      }
      if (unknownPolicy == UnknownSeriesPolicy.FAIL) {
        throw new BadInputException(source + ": series '" + unknown.get(0) + "' has no trained "
            + "model in " + runDir + " (" + unknown.size() + " unknown series); "
            + NEAREST_HINT);
      }
      fallbacks.putAll(nearestTasks(unknown, built != null ? built.rows() : samples, taskCol,
          labelCol, features, models, s, source));
    }
    Model model = run.modelSpec().create(features.size());
    JavaRDD<Row> predictions = built != null
        ? scoreSeries(built, models, fallbacks, features, model)
        : scoreRows(samples, models, fallbacks, spec, features, model);
    String zone = spec.timeZone;
    Dataset<Row> table = spark.createDataFrame(predictions, SCORED).select(
        col("series").as(taskCol),
        timestamp_micros(col("t")).as("timestamp"),
        lit(spec.layout == Layout.LONG ? spec.horizon : null).cast("int").as("horizon"),
        col("prediction"),
        col("actual"),
        col("model_task"),
        col("fallback"),
        udf((UDF1<Long, String>) t -> t == null ? null : Timestamps.date(t, ZoneId.of(zone)),
            DataTypes.StringType).apply(col("t")).as("date"));
    // One file per date (and a few more for big dates), rows in series and time order.
    Dataset<Row> sorted = table.repartition(col("date"))
        .sortWithinPartitions(col(taskCol), col("timestamp"));
    LOG.info("predict: scoring every sample{} and writing the predictions to {}",
        fallbacks.isEmpty() ? "" : " (" + fallbacks.size() + " series by fallback)", outPath);
    folder.write(tmp -> sorted.write().partitionBy("date").parquet(tmp.toString()),
        OVERWRITE_HINT);
    Dataset<Row> written = spark.read().parquet(outPath);
    long rows = written.count();
    long series = written.select(taskCol).distinct().count();
    LOG.info("predict: {} predictions for {} series from run {} -> {}", rows, series,
        run.runId(), outPath);
    return new Summary(rows, series, fallbacks);
  }

  /**
   * A feature table's samples joined with their models (a Spark SQL join) and scored: rows of
   * {@link #SCORED}.
   */
  private JavaRDD<Row> scoreRows(Dataset<Row> samples, Dataset<Row> models,
      Map<String, String> fallbacks, FeatureSpec spec, List<String> features, Model model) {
    String taskCol = spec.seriesCol;
    String labelCol = spec.valueCol;
    boolean hasLabel = List.of(samples.columns()).contains(labelCol);
    boolean hasTime = List.of(samples.columns()).contains(SeriesFeatures.TIME);
    List<Row> mapping = new ArrayList<>();
    fallbacks.forEach((series, task) -> mapping.add(RowFactory.create(series, task)));
    Dataset<Row> borrowed = spark.createDataFrame(mapping, new StructType()
        .add("_series", DataTypes.StringType, false).add("_borrowed", DataTypes.StringType,
            false));
    List<Column> keep = new ArrayList<>();
    keep.add(col(taskCol).cast("string").as("_series"));
    keep.add(hasTime ? col(SeriesFeatures.TIME) : lit(null).cast("long").as(SeriesFeatures.TIME));
    keep.add(hasLabel ? col(labelCol).cast("double").as("_actual")
        : lit(null).cast("double").as("_actual"));
    for (String f : features) {
      keep.add(col(f).cast("double").as(f));
    }
    Dataset<Row> scored = samples.select(keep.toArray(new Column[0]))
        .join(borrowed, "_series", "left")
        .withColumn("_task", coalesce(col("_borrowed"), col("_series")))
        .join(models.select(col("task").as("_task"), col("parameters"), col("x_mean"),
            col("x_std"), col("y_mean"), col("y_std")), "_task");
    int d = features.size();
    return scored.javaRDD().map(r -> {
      double[] x = new double[d];
      boolean complete = true;
      for (int j = 0; j < d; j++) {
        int i = r.fieldIndex(features.get(j));
        complete &= !r.isNullAt(i);
        x[j] = complete ? r.getDouble(i) : Double.NaN;
      }
      TaskModel m = RunOutput.taskModel(r);
      String series = r.getString(r.fieldIndex("_series"));
      String task = r.getString(r.fieldIndex("_task"));
      int ti = r.fieldIndex(SeriesFeatures.TIME);
      int ai = r.fieldIndex("_actual");
      return RowFactory.create(series, r.isNullAt(ti) ? null : r.getLong(ti),
          r.isNullAt(ai) ? null : r.getDouble(ai), task, !series.equals(task),
          complete ? m.predict(model, x) : null);
    });
  }

  /**
   * Raw series' samples scored where they lie: each model is sent to the partition of every
   * series it scores (its own, and those that borrow it), so only the models are shuffled, and
   * each series' sample arrays are scored in Java. Rows of {@link #SCORED}, as
   * {@link #scoreRows} gives them for the same samples.
   */
  private static JavaRDD<Row> scoreSeries(FeatureTable built, Dataset<Row> models,
      Map<String, String> fallbacks, List<String> features, Model model) {
    List<String> have = built.features();
    int d = features.size();
    int[] at = new int[d];
    for (int j = 0; j < d; j++) {
      at[j] = have.indexOf(features.get(j));
      if (at[j] < 0) {
        throw new IllegalStateException("the run's feature '" + features.get(j) + "' is not "
            + "among those built from the data: " + have);
      }
    }
    Map<String, List<String>> borrowers = new HashMap<>();
    fallbacks.forEach((series, task) -> borrowers.computeIfAbsent(task, k -> new ArrayList<>())
        .add(series));
    Map<String, String> borrowed = new HashMap<>(fallbacks);
    JavaPairRDD<String, TaskModel> bySeries = models.javaRDD().flatMapToPair(r -> {
      String task = r.getString(r.fieldIndex("task"));
      TaskModel m = RunOutput.taskModel(r);
      List<Tuple2<String, TaskModel>> out = new ArrayList<>();
      out.add(new Tuple2<>(task, m));
      for (String series : borrowers.getOrDefault(task, List.of())) {
        out.add(new Tuple2<>(series, m));
      }
      return out.iterator();
    });
    JavaPairRDD<String, SeriesSamples> samples = built.samplesBySeries();
    // Equal to the samples' own partitioner: they stay where they are.
    HashPartitioner placed = new HashPartitioner(samples.getNumPartitions());
    return samples.join(bySeries, placed).flatMap(t -> {
      String series = t._1();
      SeriesSamples ss = t._2()._1();
      TaskModel m = t._2()._2();
      String task = borrowed.getOrDefault(series, series);
      List<Row> out = new ArrayList<>(ss.size());
      double[] x = new double[d];
      for (int i = 0; i < ss.size(); i++) {
        boolean complete = true;
        for (int j = 0; j < d; j++) {
          x[j] = ss.x[i * ss.d + at[j]];
          complete &= !Double.isNaN(x[j]);
        }
        double actual = ss.label[i];
        out.add(RowFactory.create(series, ss.time[i], Double.isNaN(actual) ? null : actual,
            task, !series.equals(task), complete ? m.predict(model, x) : null));
      }
      return out.iterator();
    });
  }

  /** A feature table: the run's features (calendar ones from its time column), typed. */
  private Dataset<Row> wideSamples(TaskTableReader reader, Dataset<Row> raw, String path,
      String source, FeatureSpec spec, List<String> features) {
    List<String> needed = new ArrayList<>(features);
    needed.removeAll(FeatureSpec.CALENDAR);
    needed.add(0, spec.seriesCol);
    List<String> columns = Arrays.asList(raw.columns());
    for (String name : needed) {
      if (!columns.contains(name)) {
        throw new BadInputException(source + ": missing column '" + name + "', which the run's "
            + "models take; columns are " + columns);
      }
    }
    List<String> numeric = new ArrayList<>(needed.subList(1, needed.size()));
    if (columns.contains(spec.valueCol)) {
      numeric.add(spec.valueCol);
    }
    return SeriesFeatures.withCalendar(reader.readNumeric("--data", path, raw, numeric), source,
        spec);
  }

  /**
   * For each unknown series, the trained task nearest to it under the run's nearest distance,
   * measured on the series' own labelled samples in the new data.
   */
  private Map<String, String> nearestTasks(List<String> unknown, Dataset<Row> samples,
      String taskCol, String labelCol, List<String> features,
      Dataset<Row> models, RunSpec s, String source) {
    if (!List.of(samples.columns()).contains(labelCol)) {
      throw new BadInputException(source + ": series '" + unknown.get(0) + "' has no trained "
          + "model, and without a '" + labelCol + "' column its nearest trained task cannot be "
          + "measured");
    }
    List<Column> cols = new ArrayList<>();
    cols.add(col(taskCol).cast("string"));
    features.forEach(f -> cols.add(col(f).cast("double")));
    cols.add(col(labelCol).cast("double"));
    Dataset<Row> history = samples.filter(col(taskCol).cast("string")
        .isin(unknown.toArray()).and(col(labelCol).isNotNull()));
    if (List.of(samples.columns()).contains(SeriesFeatures.TIME)) {
      history = history.orderBy(col(taskCol), col(SeriesFeatures.TIME));
    }
    int d = features.size();
    Map<String, List<double[]>> rows = new HashMap<>();
    for (Row r : history.select(cols.toArray(new Column[0])).collectAsList()) {
      double[] v = new double[d + 1];
      for (int j = 0; j <= d; j++) {
        v[j] = r.isNullAt(j + 1) ? Double.NaN : r.getDouble(j + 1);
      }
      rows.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(v);
    }
    List<Row> known = models.select("task", "embedding").orderBy("task").collectAsList();
    Map<String, String> out = new LinkedHashMap<>();
    for (String series : unknown) {
      List<double[]> h = rows.getOrDefault(series, List.of());
      if (h.isEmpty()) {
        throw new BadInputException(source + ": series '" + series + "' has no trained model "
            + "and no labelled samples to measure its nearest trained task by");
      }
      double[] x = new double[h.size() * d];
      double[] y = new double[h.size()];
      for (int i = 0; i < h.size(); i++) {
        System.arraycopy(h.get(i), 0, x, i * d, d);
        y[i] = h.get(i)[d];
      }
      TaskRecord t = TaskRecord.standardize(series, -1, d, x, y, new double[0], new double[0],
          !s.model().type().isClassifier());
      double[] e = RunManifest.nearestDistance(s).embed(t);
      String best = null;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (Row k : known) {
        List<Double> v = k.getList(1);
        double sum = 0;
        for (int j = 0; j < e.length; j++) {
          double diff = e[j] - v.get(j);
          sum += diff * diff;
        }
        if (sum < bestDistance) {
          bestDistance = sum;
          best = k.getString(0);
        }
      }
      LOG.warn("series '{}' has no trained model: scored with the model of '{}' (distance {})",
          series, best, Math.sqrt(bestDistance));
      out.put(series, best);
    }
    return out;
  }

}
