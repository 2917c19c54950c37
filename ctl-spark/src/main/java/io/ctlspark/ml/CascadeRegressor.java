package io.ctlspark.ml;

import static org.apache.spark.sql.functions.col;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.model.Model;
import io.ctlspark.model.TaskModel;
import io.ctlspark.run.PhaseTimer;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSettings;
import io.ctlspark.run.TrainingRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple5;

/**
 * CTL as a Spark ML Estimator: fits one model per task (the task column) along a cascade under
 * one step budget, from a features vector column and a label column, so it works in a Pipeline,
 * with ParamGridBuilder and TrainValidationSplit. The Params are ctl's settings (see
 * docs/configuration.md for each: budget is ctl.train.budget, treeType ctl.tree.type, ...).
 * fit has no test split: the run's own evaluation scores the training rows and is discarded.
 */
public final class CascadeRegressor extends Estimator<CascadeRegressionModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> taskCol;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> method;
  private final Param<String> modelType;
  private final IntParam hidden;
  private final DoubleParam eps;
  private final LongParam budget;
  private final DoubleParam seedFraction;
  private final DoubleParam eta;
  private final LongParam seed;
  private final Param<String> treeType;
  private final Param<String> distance;
  private final Param<String> root;
  private final Param<String> zeroStepTasks;

  public CascadeRegressor() {
    this(Identifiable$.MODULE$.randomUID("cascadeRegressor"));
  }

  public CascadeRegressor(String uid) {
    this.uid = uid;
    taskCol = new Param<>(this, "taskCol", "task id column (one model per task)");
    featuresCol = new Param<>(this, "featuresCol", "features vector column");
    labelCol = new Param<>(this, "labelCol", "label column");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    method = new Param<>(this, "method", "cascade | indiv | global-mtl (ctl.method)");
    modelType = new Param<>(this, "modelType", "linear | mlp | residual (ctl.model.type)");
    hidden = new IntParam(this, "hidden", "hidden units of mlp and residual");
    eps = new DoubleParam(this, "eps", "weight of the MLP part of residual");
    budget = new LongParam(this, "budget", "global budget of gradient steps (ctl.train.budget)");
    seedFraction = new DoubleParam(this, "seedFraction", "share of the budget for the root");
    eta = new DoubleParam(this, "eta", "learning rate");
    seed = new LongParam(this, "seed", "run seed");
    treeType = new Param<>(this, "treeType", "mst | star | random | ... (ctl.tree.type)");
    distance = new Param<>(this, "distance", "task distance (ctl.tree.distance)");
    root = new Param<>(this, "root", "medoid, pooled or a task id (ctl.tree.root)");
    zeroStepTasks = new Param<>(this, "zeroStepTasks", "error | transfer");
    setDefault(taskCol, "task");
    setDefault(featuresCol, "features");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(method, "cascade");
    setDefault(modelType, "linear");
    setDefault(hidden, 32);
    setDefault(eps, 0.1);
    setDefault(budget, 1000L);
    setDefault(seedFraction, 0.1);
    setDefault(eta, 0.01);
    setDefault(seed, 0L);
    setDefault(treeType, "mst");
    setDefault(distance, "gradient");
    setDefault(root, "medoid");
    setDefault(zeroStepTasks, "error");
  }

  @Override
  public String uid() {
    return uid;
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
    return method;
  }

  public Param<String> modelType() {
    return modelType;
  }

  public IntParam hidden() {
    return hidden;
  }

  public DoubleParam eps() {
    return eps;
  }

  public LongParam budget() {
    return budget;
  }

  public DoubleParam seedFraction() {
    return seedFraction;
  }

  public DoubleParam eta() {
    return eta;
  }

  public LongParam seed() {
    return seed;
  }

  public Param<String> treeType() {
    return treeType;
  }

  public Param<String> distance() {
    return distance;
  }

  public Param<String> root() {
    return root;
  }

  public Param<String> zeroStepTasks() {
    return zeroStepTasks;
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
    return (CascadeRegressor) set(method, v);
  }

  public CascadeRegressor setModelType(String v) {
    return (CascadeRegressor) set(modelType, v);
  }

  public CascadeRegressor setBudget(long v) {
    return (CascadeRegressor) set(budget, v);
  }

  public CascadeRegressor setSeedFraction(double v) {
    return (CascadeRegressor) set(seedFraction, v);
  }

  public CascadeRegressor setEta(double v) {
    return (CascadeRegressor) set(eta, v);
  }

  public CascadeRegressor setSeed(long v) {
    return (CascadeRegressor) set(seed, v);
  }

  public CascadeRegressor setTreeType(String v) {
    return (CascadeRegressor) set(treeType, v);
  }

  public CascadeRegressor setDistance(String v) {
    return (CascadeRegressor) set(distance, v);
  }

  public CascadeRegressor setRoot(String v) {
    return (CascadeRegressor) set(root, v);
  }

  /** The ctl configuration these Params stand for (bad values fail as in a config file). */
  CtlConfig config() {
    List<String> sets = new ArrayList<>(List.of(
        "ctl.data.task-col=_task", "ctl.data.label-col=_label",
        "ctl.method=" + $(method), "ctl.model.type=" + $(modelType),
        "ctl.model.hidden=" + $(hidden), "ctl.model.eps=" + $(eps),
        "ctl.train.budget=" + $(budget), "ctl.train.seed-fraction=" + $(seedFraction),
        "ctl.train.eta=" + $(eta), "ctl.train.seed=" + $(seed),
        "ctl.tree.type=" + $(treeType), "ctl.tree.distance=" + $(distance),
        "ctl.tree.root=" + $(root), "ctl.train.zero-step-tasks=" + $(zeroStepTasks)));
    return CtlConfig.load(null, sets);
  }

  @Override
  public CascadeRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    RunSettings s = new RunSettings(config());
    Dataset<Row> table = FeatureVectors.toColumns(dataset.toDF(), $(taskCol), $(featuresCol),
        col($(labelCol)).cast("double").as("_label"));
    TrainingRun run = new TrainingRun(dataset.sparkSession(), 0);
    TaskDataset data = run.load(table, "fit dataset", table, "fit dataset", s);
    try {
      RunResult r = run.train(data, s, new PhaseTimer());
      double[][] params = r.trained.parameters();
      List<Tuple5<String, double[], double[], Double, Double>> stats = data.records()
          .map(t -> new Tuple5<>(t.id(), t.xMean(), t.xStd(), t.yMean(), t.yStd())).collect();
      Map<String, TaskModel> models = new HashMap<>();
      String[] ids = data.taskIds();
      Map<String, Integer> index = new HashMap<>();
      for (int v = 0; v < ids.length; v++) {
        index.put(ids[v], v);
      }
      for (Tuple5<String, double[], double[], Double, Double> t : stats) {
        models.put(t._1(), new TaskModel(params[index.get(t._1())], t._2(), t._3(), t._4(),
            t._5()));
      }
      Model model = r.model;
      CascadeRegressionModel fitted = new CascadeRegressionModel(uid, s.modelType.configName(),
          model.inputDim(), s.hidden, s.eps, models);
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

  @Override
  public MLWriter write() {
    return new ParamsWriter(this, null);
  }

  public static MLReader<CascadeRegressor> read() {
    return new ParamsWriter.Reader<>(CascadeRegressor::new);
  }

  public static CascadeRegressor load(String path) {
    return read().load(path);
  }
}
