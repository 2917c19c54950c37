package io.ctlspark.ml;

import static org.apache.spark.sql.functions.col;

import io.ctlspark.data.TaskDataset;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.spec.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * CTL as a Spark ML Estimator: fits one model per task (the task column) along a cascade under
 * one step budget, from a features vector column and a label column, so it works in a Pipeline,
 * with ParamGridBuilder and TrainValidationSplit. Besides the four columns, its Params are every
 * run setting of {@link Setting} (scope RUN), declared from that registry: budget is
 * ctl.train.budget, treeType ctl.tree.type, ... (docs/configuration.md has each). fit builds the
 * same {@link RunSpec} the command line builds from a configuration file. Saved and read with
 * Spark's own DefaultParamsWriter and DefaultParamsReader.
 * fit has no test split: the run's own evaluation scores the training rows and is discarded.
 */
public final class CascadeRegressor extends Estimator<CascadeRegressionModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> taskCol;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final SettingParams settings;
  private final Param<?>[] params;

  public CascadeRegressor() {
    this(Identifiable$.MODULE$.randomUID("cascadeRegressor"));
  }

  public CascadeRegressor(String uid) {
    this.uid = uid;
    taskCol = new Param<>(this, "taskCol", "task id column (one model per task)");
    featuresCol = new Param<>(this, "featuresCol", "features vector column");
    labelCol = new Param<>(this, "labelCol", "label column");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    setDefault(taskCol, "task");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    settings = new SettingParams(this);
    List<Param<?>> all = new ArrayList<>(List.of(taskCol, featuresCol, labelCol,
        predictionCol));
    for (Map.Entry<Setting, Param<?>> e : settings.params().entrySet()) {
      setDefault(settings.param(e.getKey()), SettingParams.defaultValue(e.getKey()));
      all.add(e.getValue());
    }
    params = all.toArray(new Param<?>[0]);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The four column Params, then one Param per run setting (Setting's order). */
  @Override
  public Param<?>[] params() {
    return params.clone();
  }

  /** The Param of a run setting: {@code param(Setting.MAX_DEPTH)} is maxDepth. */
  public <T> Param<T> param(Setting s) {
    return settings.param(s);
  }

  /** Sets a run setting; a value the setting does not allow fails here, naming the Param. */
  public CascadeRegressor setSetting(Setting s, Object value) {
    return (CascadeRegressor) set(settings.param(s), value);
  }

  public Param<String> taskCol() {
    return taskCol;
  }

  public Param<String> featuresCol() {
    return featuresCol;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> method() {
    return param(Setting.METHOD);
  }

  public Param<String> modelType() {
    return param(Setting.MODEL_TYPE);
  }

  public IntParam hidden() {
    return (IntParam) settings.<Object>param(Setting.HIDDEN);
  }

  public DoubleParam eps() {
    return (DoubleParam) settings.<Object>param(Setting.EPS);
  }

  public LongParam budget() {
    return (LongParam) settings.<Object>param(Setting.BUDGET);
  }

  public DoubleParam seedFraction() {
    return (DoubleParam) settings.<Object>param(Setting.SEED_FRACTION);
  }

  public DoubleParam eta() {
    return (DoubleParam) settings.<Object>param(Setting.ETA);
  }

  public LongParam seed() {
    return (LongParam) settings.<Object>param(Setting.SEED);
  }

  public Param<String> treeType() {
    return param(Setting.TREE_TYPE);
  }

  public Param<String> distance() {
    return param(Setting.DISTANCE);
  }

  public Param<String> root() {
    return param(Setting.ROOT);
  }

  public Param<String> zeroStepTasks() {
    return param(Setting.ZERO_STEP_TASKS);
  }

  public CascadeRegressor setTaskCol(String v) {
    return (CascadeRegressor) set(taskCol, v);
  }

  public CascadeRegressor setFeaturesCol(String v) {
    return (CascadeRegressor) set(featuresCol, v);
  }

  public CascadeRegressor setLabelCol(String v) {
    return (CascadeRegressor) set(labelCol, v);
  }

  public CascadeRegressor setPredictionCol(String v) {
    return (CascadeRegressor) set(predictionCol, v);
  }

  public CascadeRegressor setMethod(String v) {
    return setSetting(Setting.METHOD, v);
  }

  public CascadeRegressor setModelType(String v) {
    return setSetting(Setting.MODEL_TYPE, v);
  }

  public CascadeRegressor setHidden(int v) {
    return setSetting(Setting.HIDDEN, v);
  }

  public CascadeRegressor setBudget(long v) {
    return setSetting(Setting.BUDGET, v);
  }

  public CascadeRegressor setSeedFraction(double v) {
    return setSetting(Setting.SEED_FRACTION, v);
  }

  public CascadeRegressor setEta(double v) {
    return setSetting(Setting.ETA, v);
  }

  public CascadeRegressor setOptimizer(String v) {
    return setSetting(Setting.OPTIMIZER, v);
  }

  public CascadeRegressor setSeed(long v) {
    return setSetting(Setting.SEED, v);
  }

  public CascadeRegressor setTreeType(String v) {
    return setSetting(Setting.TREE_TYPE, v);
  }

  public CascadeRegressor setDistance(String v) {
    return setSetting(Setting.DISTANCE, v);
  }

  public CascadeRegressor setRoot(String v) {
    return setSetting(Setting.ROOT, v);
  }

  /** The run these Params stand for, built as the command line builds it from a file. */
  RunSpec spec() {
    return RunSpec.from(settings);
  }

  @Override
  public CascadeRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    RunSpec s = spec();
    Dataset<Row> table = FeatureVectors.toColumns(dataset.toDF(), $(taskCol), $(featuresCol),
        col($(labelCol)).cast("double").as(SettingParams.LABEL));
    TrainingRun run = new TrainingRun(dataset.sparkSession(), 0);
    TaskDataset data = run.load(table, "fit dataset", table, "fit dataset", s);
    try {
      RunResult r = run.train(data, s, new PhaseTimer());
      List<Row> stored = RunOutput.withModels(dataset.sparkSession(), r,
          Dataset::collectAsList);
      CascadeRegressionModel fitted = new CascadeRegressionModel(uid, s.model(),
          r.model.inputDim(), stored);
      return copyValues(fitted.setParent(this), ParamMap.empty());
    } finally {
      data.release();
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FeatureVectors.requireColumns(schema, $(taskCol), $(featuresCol), $(labelCol));
    return CascadeRegressionModel.withPrediction(schema, $(predictionCol));
  }

  @Override
  public CascadeRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<CascadeRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static CascadeRegressor load(String path) {
    return read().load(path);
  }
}
