package io.ctlspark.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctlspark.BadInputException;
import io.ctlspark.config.ConfigName;
import io.ctlspark.data.InputFingerprint;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.model.ModelSpec;
import io.ctlspark.model.ModelType;
import io.ctlspark.spec.Setting;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * manifest.json of a run folder: what a later job needs to trust and reuse the models. The run's
 * identity (format, project version, run id, time), the effective configuration, the input
 * fingerprints, how samples were made (so predict builds the same features), the model shape, the
 * tree and allocation, and the headline metrics, with the files that hold the details.
 */
public final class RunManifest {
  /** The value of "format" in every manifest, and the version this code writes and reads. */
  public static final String FORMAT = "ctl-spark-run";
  public static final int FORMAT_VERSION = 1;

  private RunManifest() {}

  /** The distance predict uses to find the nearest trained task of an unknown series. */
  public static DistanceKind nearestDistance(RunSpec s) {
    return s.tree().distance().asEmbedding();
  }

  /** A model spec and its input count as JSON fields: type, inputs, hidden, eps. */
  public static ObjectNode putModelSpec(ObjectNode node, ModelSpec spec, int inputs) {
    node.put("type", spec.type().configName());
    node.put("inputs", inputs);
    node.put("hidden", spec.hidden());
    node.put("eps", spec.eps());
    return node;
  }

  /**
   * The model spec stored by {@link #putModelSpec}: the manifest's model object, or a Spark ML
   * model's spec/. A missing or unknown field is bad input naming {@code where}.
   */
  public static ModelSpec modelSpec(JsonNode node, String where) {
    if (!node.path("type").isTextual() || !node.path("hidden").isIntegralNumber()
        || !node.path("eps").isNumber()) {
      throw new BadInputException(where + ": the stored model spec (type, hidden, eps) is "
          + "missing or damaged: " + node);
    }
    return new ModelSpec(ConfigName.parse(ModelType.class, Setting.MODEL_TYPE,
        node.get("type").asText()), node.get("hidden").asInt(), node.get("eps").asDouble());
  }

  /** The manifest's listing of models/ (FileListing): what predict verifies before scoring. */
  public static final String MODELS_FILES = "models_files";
  /**
   * Under "model": the ids of the tasks the run trained but stored no model for
   * (ctl.train.non-finite-tasks = drop), so that predict can say why a series has none.
   */
  public static final String DROPPED_TASKS = "dropped_tasks";

  /** @param modelsFiles the listing of the models/ folder as written ({@link FileListing#of}) */
  static String json(RunResult r, String runId, String configJson, String version,
      List<InputFingerprint> inputs, JsonNode modelsFiles) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = json.createObjectNode();
    m.put("format", FORMAT);
    m.put("format_version", FORMAT_VERSION);
    m.put("run_id", runId);
    m.put("version", version);
    m.put("created", Instant.now().toString());
    m.put("method", r.spec.method().configName());
    m.put("label", r.spec.label());
    ArrayNode in = m.putArray("inputs");
    for (InputFingerprint f : inputs) {
      ObjectNode i = in.addObject();
      i.put("key", f.key());
      i.put("path", f.path());
      i.put("sha256", f.sha256());
      ArrayNode files = i.putArray("files");
      for (InputFingerprint.DataFile d : f.files()) {
        files.addObject().put("path", d.path()).put("length", d.length())
            .put("modified", d.modified());
      }
    }
    FeatureSpec spec = r.spec.features();
    ObjectNode samples = m.putObject("samples");
    samples.put("layout", spec.layout.configName());
    samples.put("task_col", spec.seriesCol);
    samples.put("label_col", spec.valueCol);
    samples.put("time_col", spec.timeCol);
    samples.put("time_zone", spec.timeZone);
    samples.put("lags", spec.lags);
    ArrayNode lags = samples.putArray("all_lags");
    for (int k : spec.allLags()) {
      lags.add(k);
    }
    samples.put("calendar", spec.addsCalendar());
    samples.put("horizon", spec.horizon);
    samples.put("interval_seconds", spec.intervalMicros / 1e6);
    ArrayNode features = samples.putArray("features");
    r.data.featureNames().forEach(features::add);
    ObjectNode model = m.putObject("model");
    putModelSpec(model, r.spec.model(), r.model.inputDim());
    model.put("parameters", r.model.parameterCount());
    model.put("tasks", r.data.taskCount() - r.dropped.length);
    ArrayNode dropped = model.putArray(DROPPED_TASKS);
    for (int v : r.dropped) {
      dropped.add(r.data.taskId(v));
    }
    model.put("nearest_distance", nearestDistance(r.spec).configName());
    m.set(MODELS_FILES, modelsFiles);
    model.put("models", "models/");
    ObjectNode tree = m.putObject("tree");
    tree.put("file", "tree.csv");
    tree.put("type", r.root >= 0 ? r.spec.tree().type().configName() : "none");
    tree.put("root", r.root >= 0 ? r.data.taskId(r.root) : null);
    tree.put("max_depth", r.tree.maxDepth());
    ObjectNode allocation = m.putObject("allocation");
    allocation.put("file", "per_task.csv");
    allocation.put("scheme", r.spec.allocation().scheme().configName());
    allocation.put("budget", r.spec.allocation().budget());
    allocation.put("steps_planned", r.stepsPlanned);
    allocation.put("steps_used", r.trained.stepsCounted());
    ObjectNode metrics = m.putObject("metrics");
    metrics.put("file", "metrics.json");
    putNumber(metrics, "rmse_mean", r.metrics.rmseMean());
    putNumber(metrics, "mse_mean", r.metrics.mseMean());
    putNumber(metrics, "mape_mean", r.metrics.mapeMean());
    m.set("config", json.readTree(configJson));
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
  }

  /** JSON has no NaN: an undefined figure (e.g. MAPE with no non-zero label) is null. */
  static void putNumber(ObjectNode m, String key, double v) {
    if (Double.isFinite(v)) {
      m.put(key, v);
    } else {
      m.putNull(key);
    }
  }

  /** Whether a parsed manifest is one this code can read. */
  public static boolean isReadable(JsonNode m) {
    return FORMAT.equals(m.path("format").asText()) && m.path("format_version").asInt()
        == FORMAT_VERSION;
  }
}
