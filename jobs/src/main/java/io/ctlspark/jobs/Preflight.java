package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.InputSpec;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.features.Layout;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.run.PosixLocalFileSystem;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.spec.Setting;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The checks a command makes before its SparkSession starts, so that a missing key or input or
 * an existing output folder fails in a second, not after the 20 s Spark takes to start. A file
 * system that cannot be opened without Spark's settings (an object store configured only in
 * spark-defaults, say) is left to the same checks once Spark has started.
 */
final class Preflight {
  private Preflight() {}

  /**
   * Hadoop's default configuration with the spark.hadoop.* settings of ctl.spark.conf and of
   * the JVM's system properties (where spark-submit puts --conf), as Spark would build it;
   * with SparkSessions' file:// default (the file system Hadoop caches for the whole JVM is
   * the first one opened: these checks open it before Spark starts).
   */
  static Configuration hadoop(CtlConfig c) {
    return hadoop(c.sparkConf());
  }

  /** As {@link #hadoop(CtlConfig)} before the run's configuration is known. */
  static Configuration hadoop() {
    return hadoop(Map.of());
  }

  private static Configuration hadoop(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    PosixLocalFileSystem.useUnlessConfigured(conf);
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      setHadoop(conf, e.getKey(), e.getValue());
    }
    System.getProperties().forEach((k, v) -> setHadoop(conf, k.toString(), v.toString()));
    return conf;
  }

  private static void setHadoop(Configuration conf, String key, String value) {
    if (key.startsWith("spark.hadoop.")) {
      conf.set(key.substring("spark.hadoop.".length()), value);
    }
  }

  /** The run's input keys are set and name existing data files, for its layout. */
  static void inputs(CtlConfig c, RunSpec s) {
    TrainingRun.checkPartitions(c.integer("ctl.spark.partitions"));
    Configuration conf = hadoop(c);
    if (s.features().layout == Layout.LONG) {
      readable(conf, Setting.SERIES, s.input().series());
    } else {
      readable(conf, Setting.TRAIN, s.input().train());
      readable(conf, Setting.TEST, s.input().test());
    }
  }

  private static void readable(Configuration conf, Setting key, String path) {
    InputSpec.required(key, path);
    if (opens(conf, path)) {
      TaskTableReader.dataFiles(conf, key.key(), path);
    }
  }

  /** A path given on the command line (e.g. predict's --data) names existing data files. */
  static void readable(CtlConfig c, String option, String path) {
    Configuration conf = hadoop(c);
    if (opens(conf, path)) {
      TaskTableReader.dataFiles(conf, option, path);
    }
  }

  /** The output folder does not exist, or may be replaced. */
  static void writable(CtlConfig c, String path, boolean overwrite, String option,
      String hint) {
    Configuration conf = hadoop(c);
    if (opens(conf, path)) {
      AtomicFolder.open(conf, path, overwrite, option).checkWritable(hint);
    }
  }

  private static boolean opens(Configuration conf, String path) {
    try {
      new Path(path).getFileSystem(conf);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
