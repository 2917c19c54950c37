package io.ctlspark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Saves a stage's Params in Spark ML's metadata layout (path/metadata: one JSON line with class,
 * timestamp, sparkVersion, uid, paramMap, defaultParamMap), which Pipeline and CrossValidator
 * readers read to find the stage's class, plus optional extra data written by {@code data}.
 * Written here because Spark's own DefaultParamsWriter is private to org.apache.spark.ml.
 */
class ParamsWriter extends MLWriter {
  /** Writes a stage's data beside its metadata. */
  interface Data {
    void save(SparkSession spark, String path);
  }

  private final Params stage;
  private final Data data;

  ParamsWriter(Params stage, Data data) {
    this.stage = stage;
    this.data = data;
  }

  @Override
  public void saveImpl(String path) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("class", stage.getClass().getName());
    m.put("timestamp", System.currentTimeMillis());
    m.put("sparkVersion", sparkSession().version());
    m.put("uid", stage.uid());
    ObjectNode set = m.putObject("paramMap");
    ObjectNode defaults = m.putObject("defaultParamMap");
    try {
      for (Param<?> p : stage.params()) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) p;
        if (stage.isSet(param)) {
          set.set(param.name(), json.readTree(param.jsonEncode(stage.getOrDefault(param))));
        } else if (stage.hasDefault(param)) {
          defaults.set(param.name(), json.readTree(param.jsonEncode(stage.getOrDefault(param))));
        }
      }
      sparkSession().createDataset(List.of(json.writeValueAsString(m)), Encoders.STRING())
          .coalesce(1).write().text(path + "/metadata");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (data != null) {
      data.save(sparkSession(), path);
    }
  }

  /** Reads the metadata back: a new stage (from the uid) with the saved Params set. */
  static <T extends Params> T readParams(SparkSession spark, String path,
      Function<String, T> create) {
    try {
      JsonNode m = new ObjectMapper().readTree(spark.read().text(path + "/metadata").first()
          .getString(0));
      T stage = create.apply(m.get("uid").asText());
      for (Map.Entry<String, JsonNode> e : m.get("paramMap").properties()) {
        @SuppressWarnings("unchecked")
        Param<Object> p = (Param<Object>) stage.getParam(e.getKey());
        stage.set(p, p.jsonDecode(e.getValue().toString()));
      }
      return stage;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A reader of stages that only have Params. */
  static final class Reader<T extends Params> extends MLReader<T> {
    private final Function<String, T> create;

    Reader(Function<String, T> create) {
      this.create = create;
    }

    @Override
    public T load(String path) {
      return readParams(sparkSession(), path, create);
    }
  }
}
