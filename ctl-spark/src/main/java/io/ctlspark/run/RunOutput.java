package io.ctlspark.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctlspark.BadInputException;
import io.ctlspark.data.Baselines;
import io.ctlspark.data.GbtScores;
import io.ctlspark.data.NaiveScores;
import io.ctlspark.data.RidgeScores;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.eval.Skill;
import io.ctlspark.eval.TaskMetrics;
import io.ctlspark.features.SeriesGaps;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.model.TaskModel;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's output folder: metrics.json, per_task.csv, tree.csv and models/ (Parquet), then
 * _SUCCESS. Everything is written into a hidden sibling folder first and renamed into place at the
 * end, so the output folder appears complete or not at all; the temporary folder is removed when
 * anything fails.
 */
public final class RunOutput {
  private static final Logger LOG = LoggerFactory.getLogger(RunOutput.class);
  public static final StructType MODEL_SCHEMA = new StructType()
      .add("task", DataTypes.StringType, false)
      .add("parent", DataTypes.StringType, true)
      .add("depth", DataTypes.IntegerType, false)
      .add("steps", DataTypes.IntegerType, false)
      .add("model_type", DataTypes.StringType, false)
      .add("parameters", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("x_mean", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("x_std", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("y_mean", DataTypes.DoubleType, false)
      .add("y_std", DataTypes.DoubleType, false)
      // The task's vector under the run's nearest distance (RunManifest.nearestDistance): how
      // predict finds the nearest trained task of a series it has no model for.
      .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private final SparkContext sc;
  private final Path output;
  /** How to allow replacing an existing output folder, for messages. */
  public static final String OVERWRITE_HINT = "set ctl.output-mode = overwrite";
  private final FileSystem fs;
  private final AtomicFolder folder;

  public RunOutput(SparkContext sc, String output, boolean overwrite) {
    this.sc = sc;
    this.output = new Path(output);
    this.folder = AtomicFolder.open(sc.hadoopConfiguration(), output,
        overwrite, "ctl.output");
    this.fs = folder.fileSystem();
  }

  /**
   * A stored task model from a row with models/'s columns parameters, x_mean, x_std, y_mean and
   * y_std (by name; the Spark ML model's data/ uses the same names).
   */
  public static TaskModel taskModel(Row r) {
    return new TaskModel(doubles(r.getList(r.fieldIndex("parameters"))),
        doubles(r.getList(r.fieldIndex("x_mean"))), doubles(r.getList(r.fieldIndex("x_std"))),
        r.getDouble(r.fieldIndex("y_mean")), r.getDouble(r.fieldIndex("y_std")));
  }

  private static double[] doubles(java.util.List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Fails early, before any work, when the output folder exists and may not be replaced. */
  public void checkWritable() {
    folder.checkWritable(OVERWRITE_HINT);
  }

  /**
   * The run folder a configuration names: ctl.output, or ctl.output/ctl.run-id when a run id is
   * set.
   */
  public static String folder(io.ctlspark.config.CtlConfig c) {
    String output = c.requiredString("ctl.output");
    String runId = c.string("ctl.run-id");
    if (runId == null || runId.isBlank()) {
      return output;
    }
    if (!runId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new BadInputException("ctl.run-id: '" + runId + "' is not a folder name (letters, "
          + "digits, '.', '_' and '-', not starting with '.' or '-')");
    }
    return new Path(output, runId).toString();
  }

  /**
   * Writes the run folder.
   *
   * @param inputs fingerprints of the files the run read (none for generated data)
   */
  public void write(RunResult r, String configJson, String version,
      java.util.List<io.ctlspark.data.InputFingerprint> inputs) {
    write(r, configJson, version, inputs, null);
  }

  /** @param tuning the search the run was tuned by, or null; adds trials.csv and "tuning" */
  public void write(RunResult r, String configJson, String version,
      java.util.List<io.ctlspark.data.InputFingerprint> inputs, Tuning tuning) {
    long started = System.nanoTime();
    JobProgress.describe(sc, "write", () -> {
      folder.write(tmp -> {
        // The tables and models first, so that metrics.json can report their writing as the
        // `write` phase; the small JSON files after them take milliseconds.
        long t0 = System.nanoTime();
        LOG.info("write: models and tables of {} tasks to {}", r.data.taskCount(), output);
        if (tuning != null) {
          writeText(new Path(tmp, "trials.csv"), tuning.trialsCsv());
        }
        writeText(new Path(tmp, "per_task.csv"), perTaskCsv(r));
        writeText(new Path(tmp, "tree.csv"), treeCsv(r));
        writeText(new Path(tmp, "tree.dot"), treeDot(r));
        Path models = new Path(tmp, "models");
        writeModels(r, models.toString());
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        writeText(new Path(tmp, "manifest.json"), RunManifest.json(r, output.getName(),
            configJson, version, inputs, FileListing.of(fs, models)));
        writeText(new Path(tmp, "metrics.json"), metricsJson(r, configJson, version, tuning,
            writeSeconds));
        writeText(new Path(tmp, "_SUCCESS"), "");
      }, OVERWRITE_HINT);
      return null;
    });
    LOG.info("write: {} complete, {} s", output, String.format("%.1f",
        (System.nanoTime() - started) / 1e9));
  }

  private void writeText(Path path, String text) throws IOException {
    AtomicFolder.writeText(fs, path, text);
  }

  static String metricsJson(RunResult r, String configJson, String version, Tuning tuning,
      double writeSeconds) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("method", r.spec.method().configName());
    m.put("label", r.spec.label());
    m.put("tasks", r.data.taskCount());
    m.put("budget", r.spec.allocation().budget());
    m.put("steps_planned", r.stepsPlanned);
    m.put("steps_used", r.trained.stepsCounted());
    // The steps no task's row in per_task.csv shows: a pooled root's source, global MTL's
    // shared model. steps_used = this + the per-task steps.
    long perTask = 0;
    for (int used : r.trained.stepsUsed()) {
      perTask += used;
    }
    m.put("steps_shared", r.trained.stepsCounted() - perTask);
    m.put("row_gradients", r.rowGradients);
    putNumber(m, "rmse_mean", r.metrics.rmseMean());
    putNumber(m, "mse_mean", r.metrics.mseMean());
    putNumber(m, "mape_mean", r.metrics.mapeMean());
    putNumber(m, "mae_mean", r.metrics.maeMean());
    putNumber(m, "wape_mean", r.metrics.wapeMean());
    putNumber(m, "wape_pooled", r.metrics.wapePooled());
    putBaselines(m, r);
    if (tuning != null) {
      ObjectNode t = m.putObject("tuning");
      t.put("trials", tuning.trials());
      t.put("sampler", tuning.sampler());
      putNumber(t, "validation_rmse", tuning.validationRmse());
      t.put("row_gradients", tuning.rowGradients());
      ObjectNode best = t.putObject("best");
      tuning.best().forEach((k, v) -> best.putPOJO(k, v));
    }
    m.put("train_seconds", r.trainSeconds());
    ObjectNode phases = m.putObject("phase_seconds");
    for (Map.Entry<String, Double> e : r.phaseSeconds.entrySet()) {
      phases.put(e.getKey(), e.getValue());
    }
    phases.put("write", writeSeconds);
    m.put("model", r.spec.model().type().configName());
    m.put("eta", r.spec.training().eta());
    m.put("optimizer", r.spec.training().optimizer().configName());
    m.put("seed_fraction", r.spec.allocation().seedFraction());
    m.put("seed", r.spec.training().seed());
    if (r.root >= 0) {
      ObjectNode tree = m.putObject("tree");
      tree.put("type", r.spec.tree().type().configName());
      tree.put("distance", r.spec.tree().distance().configName());
      tree.put("root", r.data.taskId(r.root));
      tree.put("root_rule", r.spec.tree().medoidRoot() ? r.spec.tree().root() : "task");
      tree.put("max_depth", r.tree.maxDepth());
      int leaves = 0;
      double depthSum = 0;
      int[][] children = r.tree.children();
      for (int v = 0; v < r.tree.taskCount(); v++) {
        leaves += children[v].length == 0 ? 1 : 0;
        depthSum += r.tree.depth(v);
      }
      tree.put("mean_depth", depthSum / r.tree.taskCount());
      tree.put("leaves", leaves);
      putNumber(tree, "mean_edge_distance", r.tree.taskCount() > 1
          ? r.tree.totalDistance() / (r.tree.taskCount() - 1) : Double.NaN);
      m.put("allocation", r.spec.allocation().scheme().configName());
    }
    m.put("spark_stages", r.trained.stages());
    m.put("dropped_rows", r.data.droppedRows());
    // Features constant in a task's training rows get scale 1 (Standardization#featureStds):
    // counted, per task that has any, because such a task predicts from a feature it never
    // saw vary.
    ObjectNode constant = m.putObject("constant_features");
    for (TaskMetrics t : r.perTask) {
      if (t.constantFeatures() > 0) {
        constant.put(r.data.taskId(t.index()), t.constantFeatures());
      }
    }
    // Trained, but not published (ctl.train.non-finite-tasks = drop): the means leave them out.
    ArrayNode dropped = m.putArray("dropped_tasks");
    for (int v : r.dropped) {
      dropped.addObject().put("task", r.data.taskId(v)).put("reason", "test error not finite");
    }
    ArrayNode skipped = m.putArray("skipped_tasks");
    r.data.skippedTasks().forEach(skipped::add);
    ArrayNode gaps = m.putArray("series_gaps");
    for (SeriesGaps g : r.data.seriesGaps()) {
      gaps.addObject().put("series", g.series()).put("gaps", g.gaps())
          .put("missing_steps", g.missingSteps()).put("missing_values", g.missingValues())
          .put("samples_left_out", g.droppedSamples());
    }
    ArrayNode features = m.putArray("features");
    r.data.featureNames().forEach(features::add);
    m.put("version", version);
    m.set("config", json.readTree(configJson));
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
  }

  /**
   * "baselines" (each baseline's test scores on the same tasks and rows, and its cost) and
   * "skill" (the run against each baseline, and MASE), when the run computed baselines.
   */
  private static void putBaselines(ObjectNode m, RunResult r) {
    Baselines b = r.data.baselines();
    if (b == Baselines.NONE) {
      return;
    }
    ObjectNode base = m.putObject("baselines");
    ObjectNode skill = m.putObject("skill");
    for (NaiveScores naive : new NaiveScores[] {b.daily(), b.weekly()}) {
      if (naive != null) {
        ObjectNode o = putBaseline(base, skill, "seasonal_naive_" + naive.name(), r.perTask,
            naive::rmse, naive::mae);
        o.put("period", naive.period());
        o.put("undefined_test_rows", naive.undefinedTotal());
      }
    }
    if (b.ridge() != null) {
      RidgeScores ridge = b.ridge();
      ObjectNode o = putBaseline(base, skill, "ridge", r.perTask, v -> ridge.rmse()[v],
          v -> ridge.mae()[v]);
      o.put("flops", ridge.flops());
      o.put("seconds", ridge.seconds());
    }
    if (b.gbt() != null) {
      GbtScores gbt = b.gbt();
      ObjectNode o = putBaseline(base, skill, "global_gbt", r.perTask, v -> gbt.rmse()[v],
          v -> gbt.mae()[v]);
      o.put("trees", gbt.trees());
      o.put("depth", gbt.depth());
      o.put("seconds", gbt.seconds());
    }
    putNumber(skill, "mase_mean", Skill.maseMean(r.perTask, b));
  }

  /**
   * One baseline under "baselines" (its mean RMSE over the run's published tasks where it is
   * defined, mean MAE, how many tasks count) and the run against it under "skill"; returns the baseline's node for
   * its own fields.
   */
  private static ObjectNode putBaseline(ObjectNode base, ObjectNode skill, String name,
      java.util.List<TaskMetrics> perTask, java.util.function.IntToDoubleFunction rmse,
      java.util.function.IntToDoubleFunction mae) {
    Skill.Comparison c = Skill.compare(perTask, rmse);
    ObjectNode o = base.putObject(name);
    putNumber(o, "rmse_mean", c.baselineRmseMean());
    double sum = 0;
    int tasks = 0;
    for (TaskMetrics t : perTask) {
      double v = mae.applyAsDouble(t.index());
      if (Double.isFinite(v)) {
        sum += v;
        tasks++;
      }
    }
    putNumber(o, "mae_mean", tasks == 0 ? Double.NaN : sum / tasks);
    o.put("tasks", c.tasks());
    ObjectNode s = skill.putObject("vs_" + name);
    putNumber(s, "rmse_skill", c.skill());
    putNumber(s, "rmse_skill_mean", c.skillMean());
    putNumber(s, "rmse_mean", c.rmseMean());
    s.put("tasks", c.tasks());
    return o;
  }

  private static void putNumber(ObjectNode m, String key, double v) {
    RunManifest.putNumber(m, key, v);
  }

  static String perTaskCsv(RunResult r) {
    StringBuilder sb = new StringBuilder("task,parent,depth,steps,n_train,n_test,mse,rmse,mape,"
        + "mae,wape,rmse_naive_daily,rmse_naive_weekly,rmse_ridge,skill_naive_daily,"
        + "skill_naive_weekly,skill_ridge,mase,rmse_global_gbt,skill_global_gbt\n");
    Baselines b = r.data.baselines();
    for (TaskMetrics t : r.perTask) {
      int v = t.index();
      int p = r.tree.parent(v);
      sb.append(csv(r.data.taskId(v))).append(',')
          .append(p < 0 ? "" : csv(r.data.taskId(p))).append(',')
          .append(r.tree.depth(v)).append(',')
          .append(r.trained.stepsUsed()[v]).append(',')
          .append(r.data.trainRows(v)).append(',')
          .append(r.data.testRows(v)).append(',')
          .append(t.mse()).append(',')
          .append(t.rmse()).append(',')
          .append(number(t.mape())).append(',')
          .append(number(t.mae())).append(',')
          .append(number(t.wape())).append(',');
      double daily = b.daily() == null ? Double.NaN : b.daily().rmse(v);
      double weekly = b.weekly() == null ? Double.NaN : b.weekly().rmse(v);
      double ridge = b.ridge() == null ? Double.NaN : b.ridge().rmse()[v];
      sb.append(number(daily)).append(',').append(number(weekly)).append(',')
          .append(number(ridge)).append(',')
          .append(number(Skill.rmseSkill(t.rmse(), daily))).append(',')
          .append(number(Skill.rmseSkill(t.rmse(), weekly))).append(',')
          .append(number(Skill.rmseSkill(t.rmse(), ridge))).append(',')
          .append(number(Skill.mase(t, b, v))).append(',');
      double gbt = b.gbt() == null ? Double.NaN : b.gbt().rmse()[v];
      sb.append(number(gbt)).append(',').append(number(Skill.rmseSkill(t.rmse(), gbt)))
          .append('\n');
    }
    return sb.toString();
  }

  /** A CSV number: empty when undefined. */
  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  static String treeCsv(RunResult r) {
    StringBuilder sb = new StringBuilder("task,parent,depth,distance_to_parent\n");
    for (int v : r.tree.trainingOrder()) {
      int p = r.tree.parent(v);
      double d = r.tree.distanceToParent(v);
      sb.append(csv(r.data.taskId(v))).append(',')
          .append(p < 0 ? "" : csv(r.data.taskId(p))).append(',')
          .append(r.tree.depth(v)).append(',')
          .append(Double.isNaN(d) ? "" : Double.toString(d)).append('\n');
    }
    return sb.toString();
  }

  /**
   * The tree as Graphviz DOT, edges labelled with their distance. Written by hand: the format
   * needs a dozen lines, not a library (JGraphT's exporter would add jgrapht-io to the jar).
   */
  static String treeDot(RunResult r) {
    StringBuilder sb = new StringBuilder("digraph cascade {\n  node [shape=box];\n");
    // One Formatter for every edge label: String.format builds a Formatter and looks up the
    // locale's number symbols per call, 1.1 s for the 100,000 edges of a large run against
    // 0.1 s (Locale.US writes %g exactly as Locale.ROOT does, and is the one it needs no
    // lookup for).
    java.util.Formatter label = new java.util.Formatter(sb, java.util.Locale.US);
    for (int v : r.tree.trainingOrder()) {
      sb.append("  ").append(dotId(r.data.taskId(v))).append(" [label=")
          .append('"').append(dotEscape(r.data.taskId(v))).append("\\n")
          .append(r.trained.stepsUsed()[v]).append(" steps\"];\n");
    }
    for (int v : r.tree.trainingOrder()) {
      int p = r.tree.parent(v);
      if (p >= 0) {
        sb.append("  ").append(dotId(r.data.taskId(p))).append(" -> ")
            .append(dotId(r.data.taskId(v))).append(" [label=\"");
        label.format("%.4g", r.tree.distanceToParent(v));
        sb.append("\"];\n");
      }
    }
    return sb.append("}\n").toString();
  }

  /** A DOT quoted identifier. */
  private static String dotId(String s) {
    return '"' + dotEscape(s) + '"';
  }

  /** Backslashes and quotes escaped for a DOT quoted string. */
  private static String dotEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** RFC 4180 quoting: task ids are table values and may hold commas or quotes. */
  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /**
   * models/: one row per task (dropped tasks have none), built on the executors where the task
   * records live.
   */
  private void writeModels(RunResult r, String path) {
    storedModels(sc, r, rows -> {
      ModelParquet.write(sc, rows, path);
      return null;
    });
  }

  /**
   * Applies {@code use} to the run's stored task models (MODEL_SCHEMA, one row per task not
   * dropped, built where the task records live): the one layout of stored models, written by the run folder and
   * by the Spark ML model alike.
   */
  public static <T> T withModels(SparkSession spark, RunResult r,
      java.util.function.Function<Dataset<Row>, T> use) {
    return storedModels(spark.sparkContext(), r,
        rows -> use.apply(spark.createDataFrame(rows, MODEL_SCHEMA)));
  }

  /** As {@link #withModels}, the rows without a DataFrame (no Spark SQL). */
  private static <T> T storedModels(SparkContext sc, RunResult r,
      java.util.function.Function<JavaRDD<Row>, T> use) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    Broadcast<double[][]> params = jsc.broadcast(r.trained.parameters());
    int[] parent = r.tree.parents();
    int[] depth = new int[parent.length];
    for (int v = 0; v < depth.length; v++) {
      depth[v] = r.tree.depth(v);
    }
    int[] steps = r.trained.stepsUsed();
    String[] ids = r.data.taskIds();
    String type = r.spec.model().type().configName();
    DistanceKind nearest = RunManifest.nearestDistance(r.spec);
    int[] dropped = r.dropped;
    JavaRDD<TaskRecord> stored = dropped.length == 0 ? r.data.records()
        : r.data.records().filter(t -> java.util.Arrays.binarySearch(dropped, t.index()) < 0);
    try {
      JavaRDD<Row> rows = stored.map((TaskRecord t) -> {
        int v = t.index();
        return RowFactory.create(t.id(), parent[v] < 0 ? null : ids[parent[v]], depth[v],
            steps[v], type, params.value()[v], t.xMean(), t.xStd(),
            t.yMean(), t.yStd(), nearest.embed(t));
      });
      return use.apply(rows);
    } finally {
      params.destroy();
    }
  }
}
