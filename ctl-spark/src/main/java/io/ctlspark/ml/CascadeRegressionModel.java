package io.ctlspark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.ctlspark.BadInputException;
import io.ctlspark.model.Model;
import io.ctlspark.model.ModelType;
import io.ctlspark.model.TaskModel;
import io.ctlspark.run.RunOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted {@link CascadeRegressor}: one trained model per task. transform adds the prediction
 * of each row's task model (a task it has no model for is an error naming it). Saved as Spark ML
 * metadata plus data/ (Parquet: task, parameters, standardisation statistics).
 */
public final class CascadeRegressionModel
    extends org.apache.spark.ml.Model<CascadeRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final StructType DATA = new StructType()
      .add("task", DataTypes.StringType, false)
      .add("model_type", DataTypes.StringType, false)
      .add("inputs", DataTypes.IntegerType, false)
      .add("hidden", DataTypes.IntegerType, false)
      .add("eps", DataTypes.DoubleType, false)
      .add("parameters", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("x_mean", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("x_std", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("y_mean", DataTypes.DoubleType, false)
      .add("y_std", DataTypes.DoubleType, false);
  private final String uid;
  private final String modelType;
  private final int inputs;
  private final int hidden;
  private final double eps;
  private final Map<String, TaskModel> models;
  private final Param<String> taskCol;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;

  CascadeRegressionModel(String uid, String modelType, int inputs, int hidden, double eps,
      Map<String, TaskModel> models) {
    this.uid = uid;
    this.modelType = modelType;
    this.inputs = inputs;
    this.hidden = hidden;
    this.eps = eps;
    this.models = Map.copyOf(models);
    taskCol = new Param<>(this, "taskCol", "task id column (one model per task)");
    featuresCol = new Param<>(this, "featuresCol", "features vector column");
    predictionCol = new Param<>(this, "predictionCol", "prediction column");
    setDefault(taskCol, "task");
    setDefault(featuresCol, "features");
    setDefault(predictionCol, "prediction");
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

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public CascadeRegressionModel setPredictionCol(String v) {
    return (CascadeRegressionModel) set(predictionCol, v);
  }

  /** Task ids with a trained model. */
  public List<String> tasks() {
    return models.keySet().stream().sorted().toList();
  }

  static StructType withPrediction(StructType schema, String predictionCol) {
    if (List.of(schema.fieldNames()).contains(predictionCol)) {
      throw new BadInputException("prediction column '" + predictionCol + "' already exists");
    }
    return schema.add(predictionCol, DataTypes.DoubleType, true);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FeatureVectors.requireColumns(schema, $(taskCol), $(featuresCol));
    return withPrediction(schema, $(predictionCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    SparkSession spark = dataset.sparkSession();
    Broadcast<Map<String, TaskModel>> bc = new org.apache.spark.api.java.JavaSparkContext(
        spark.sparkContext()).broadcast(new HashMap<>(models));
    Model model = ModelType.fromConfig("model_type", modelType).create(inputs, hidden, eps);
    UDF2<String, Vector, Double> score = (task, features) -> {
      TaskModel m = bc.value().get(task);
      if (m == null) {
        throw new BadInputException("task '" + task + "' has no trained model");
      }
      return m.predict(model, features.toArray());
    };
    return dataset.toDF().withColumn($(predictionCol), udf(score, DataTypes.DoubleType)
        .apply(col($(taskCol)).cast("string"), col($(featuresCol))));
  }

  @Override
  public CascadeRegressionModel copy(ParamMap extra) {
    CascadeRegressionModel copy = new CascadeRegressionModel(uid, modelType, inputs, hidden, eps,
        models);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ParamsWriter(this, (spark, path) -> {
      List<Row> rows = new ArrayList<>();
      models.forEach((task, m) -> rows.add(RowFactory.create(task, modelType, inputs, hidden, eps,
          m.parameters(), m.xMean(), m.xStd(), m.yMean(), m.yStd())));
      spark.createDataFrame(rows, DATA).coalesce(1).write().parquet(path + "/data");
    });
  }

  public static MLReader<CascadeRegressionModel> read() {
    return new MLReader<>() {
      @Override
      public CascadeRegressionModel load(String path) {
        SparkSession spark = sparkSession();
        List<Row> rows = spark.read().parquet(path + "/data").collectAsList();
        if (rows.isEmpty()) {
          throw new BadInputException(path + ": no task models in data/");
        }
        Map<String, TaskModel> models = new HashMap<>();
        for (Row r : rows) {
          models.put(r.getString(0), RunOutput.taskModel(r));
        }
        Row first = rows.get(0);
        return ParamsWriter.readParams(spark, path, uid -> new CascadeRegressionModel(uid,
            first.getString(1), first.getInt(2), first.getInt(3), first.getDouble(4), models));
      }
    };
  }

  public static CascadeRegressionModel load(String path) {
    return read().load(path);
  }
}
