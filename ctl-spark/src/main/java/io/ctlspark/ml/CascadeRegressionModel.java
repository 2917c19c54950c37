package io.ctlspark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctlspark.BadInputException;
import io.ctlspark.model.Model;
import io.ctlspark.model.ModelSpec;
import io.ctlspark.model.TaskModel;
import io.ctlspark.run.FileListing;
import io.ctlspark.run.RunManifest;
import io.ctlspark.run.RunOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted {@link CascadeRegressor}: one trained model per task. transform adds the prediction
 * of each row's task model (a task it has no model for is an error naming it). Saved as Spark ML
 * metadata (Spark's DefaultParamsWriter), the model spec once (spec/: type, hidden, eps, inputs)
 * and data/ with the task models in the run folder's models/ layout (RunOutput.MODEL_SCHEMA), so
 * a stored task model reads back the same way from either.
 */
public final class CascadeRegressionModel
    extends org.apache.spark.ml.Model<CascadeRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** The spec's listing of data/ (FileListing): what a reader verifies before it trusts it. */
  private static final String DATA_FILES = "data_files";
  private final String uid;
  private final ModelSpec spec;
  private final int inputs;
  private final List<Row> stored;
  private final Map<String, TaskModel> models;
  private final Param<String> taskCol;
  private final Param<String> featuresCol;
  private final Param<String> predictionCol;

  /** @param stored the task models, one row each in RunOutput.MODEL_SCHEMA */
  CascadeRegressionModel(String uid, ModelSpec spec, int inputs, List<Row> stored) {
    this.uid = uid;
    this.spec = spec;
    this.inputs = inputs;
    this.stored = List.copyOf(stored);
    Map<String, TaskModel> byTask = new HashMap<>();
    for (Row r : stored) {
      byTask.put(r.getString(r.fieldIndex("task")), RunOutput.taskModel(r));
    }
    this.models = Map.copyOf(byTask);
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

  /** The model class and hyperparameters every task model was trained with. */
  public ModelSpec modelSpec() {
    return spec;
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
    Model model = spec.create(inputs);
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
    CascadeRegressionModel copy = new CascadeRegressionModel(uid, spec, inputs, stored);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    CascadeRegressionModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        SparkSession spark = sparkSession();
        DefaultParamsWriter$.MODULE$.saveMetadata(self, path, spark);
        spark.createDataFrame(stored, RunOutput.MODEL_SCHEMA).coalesce(1).write()
            .parquet(path + "/data");
        // The spec records what data/ holds, so that the reader refuses a damaged store.
        ObjectNode json = RunManifest.putModelSpec(new ObjectMapper().createObjectNode(), spec,
            inputs);
        Path data = new Path(path, "data");
        try {
          json.set(DATA_FILES, FileListing.of(data.getFileSystem(
              spark.sparkContext().hadoopConfiguration()), data));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        spark.createDataset(List.of(json.toString()), Encoders.STRING()).coalesce(1).write()
            .text(path + "/spec");
      }
    };
  }

  public static MLReader<CascadeRegressionModel> read() {
    return new MLReader<>() {
      @Override
      public CascadeRegressionModel load(String path) {
        SparkSession spark = sparkSession();
        DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path,
            spark, CascadeRegressionModel.class.getName());
        JsonNode spec = readJson(spark.read().text(path + "/spec").first().getString(0),
            path + "/spec");
        if (spec.has(DATA_FILES)) {
          Path data = new Path(path, "data");
          try {
            FileListing.verify(data.getFileSystem(spark.sparkContext().hadoopConfiguration()),
                data, spec.get(DATA_FILES), path + ": data/");
          } catch (IOException e) {
            throw new BadInputException(path + ": cannot open data/: " + e.getMessage(), e);
          }
        }
        List<Row> rows = spark.read().parquet(path + "/data").collectAsList();
        if (rows.isEmpty()) {
          throw new BadInputException(path + ": no task models in data/");
        }
        CascadeRegressionModel m = new CascadeRegressionModel(metadata.uid(),
            RunManifest.modelSpec(spec, path + "/spec"), spec.path("inputs").asInt(), rows);
        metadata.getAndSetParams(m, scala.Option.empty());
        return m;
      }
    };
  }

  private static JsonNode readJson(String text, String where) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new BadInputException(where + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  public static CascadeRegressionModel load(String path) {
    return read().load(path);
  }
}
