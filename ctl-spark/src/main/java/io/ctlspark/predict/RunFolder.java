package io.ctlspark.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctlspark.BadInputException;
import io.ctlspark.model.ModelSpec;
import io.ctlspark.run.FileListing;
import io.ctlspark.run.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A finished training run's folder, opened for reuse: its manifest, checked, and its models. */
public final class RunFolder {
  private final Path path;
  private final JsonNode manifest;
  private final FileSystem fs;
  private final String modelsShown;

  private RunFolder(Path path, JsonNode manifest, FileSystem fs, String modelsShown) {
    this.path = path;
    this.manifest = manifest;
    this.fs = fs;
    this.modelsShown = modelsShown;
  }

  /**
   * Checks models/ against the manifest's listing (sizes and SHA-256 of every file), which
   * reads every model byte: done once, by the reader that is about to score, before any model
   * is read. A missing or altered models file is named here, instead of its tasks looking like
   * series without a model. Runs written before the listing are not checked.
   *
   * @return this
   */
  public RunFolder verified() {
    if (manifest.has(RunManifest.MODELS_FILES)) {
      FileListing.verify(fs, new Path(path, "models"), manifest.get(RunManifest.MODELS_FILES),
          modelsShown);
    }
    return this;
  }

  /**
   * Opens {@code dir}, refusing anything but a complete run folder of a format this code reads.
   *
   * @param option how the folder was given, for messages ("--models")
   */
  public static RunFolder open(Configuration conf, String option, String dir) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.isDirectory(p)) {
        throw new BadInputException(option + ": no such folder: " + dir);
      }
      Path manifest = new Path(p, "manifest.json");
      if (!fs.exists(manifest) || !fs.exists(new Path(p, "models"))) {
        throw new BadInputException(option + ": " + dir + " is not a ctl-spark run folder (it "
            + "has no manifest.json and models/; give the folder a train run wrote)");
      }
      if (!fs.exists(new Path(p, "_SUCCESS"))) {
        throw new BadInputException(option + ": " + dir + " is an incomplete run folder (no "
            + "_SUCCESS)");
      }
      JsonNode m;
      try (InputStream in = fs.open(manifest)) {
        m = new ObjectMapper().readTree(in);
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        throw new BadInputException(option + ": " + manifest + " was changed after the run "
            + "wrote it (it no longer matches its checksum file, .manifest.json.crc); retrain, "
            + "or restore the folder", e);
      } catch (IOException e) {
        throw new BadInputException(option + ": " + manifest + " is not valid JSON: "
            + e.getMessage(), e);
      }
      if (!RunManifest.isReadable(m)) {
        throw new BadInputException(option + ": " + manifest + " is not a manifest this version "
            + "reads (format " + m.path("format").asText("?") + " version "
            + m.path("format_version").asText("?") + "; expected " + RunManifest.FORMAT + " "
            + RunManifest.FORMAT_VERSION + ")");
      }
      return new RunFolder(p, m, fs, option + " (" + dir + "): models/");
    } catch (IOException e) {
      throw new BadInputException(option + ": cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** The run's effective configuration (the ctl object) as JSON. */
  public String configJson() {
    return manifest.get("config").toString();
  }

  /** The model class and hyperparameters every task model of the run was trained with. */
  public ModelSpec modelSpec() {
    return RunManifest.modelSpec(manifest.path("model"), path + "/manifest.json");
  }

  /** The features the models take, in order. */
  public List<String> features() {
    List<String> out = new ArrayList<>();
    manifest.path("samples").path("features").forEach(f -> out.add(f.asText()));
    return out;
  }

  /** Tasks the run trained but stored no model for (ctl.train.non-finite-tasks = drop). */
  public List<String> droppedTasks() {
    List<String> out = new ArrayList<>();
    manifest.path("model").path(RunManifest.DROPPED_TASKS).forEach(t -> out.add(t.asText()));
    return out;
  }

  public String modelsPath() {
    return new Path(path, "models").toString();
  }

  public String runId() {
    return manifest.path("run_id").asText();
  }
}
