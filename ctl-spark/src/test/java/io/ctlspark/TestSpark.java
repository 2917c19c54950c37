package io.ctlspark;

import io.ctlspark.cascade.CtlKryoRegistrator;
import io.ctlspark.run.PosixLocalFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The local SparkSession a Spark test class shares: Kryo with registration required. */
public final class TestSpark {
  private TestSpark() {}

  public static SparkSession start(String master) {
    return start(master, true);
  }

  /**
   * @param registrationRequired false only where Spark's own components ship Spark-internal
   *     classes that no application registers (Spark ML's evaluators)
   */
  public static SparkSession start(String master, boolean registrationRequired) {
    return SparkSession.builder()
        .master(master)
        .appName("ctl-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", CtlKryoRegistrator.class.getName())
        .config("spark.kryo.registrationRequired", String.valueOf(registrationRequired))
        // As the command-line tool runs: local files written without a chmod process each.
        .config("spark.hadoop.fs.file.impl", PosixLocalFileSystem.class.getName())
        .getOrCreate();
  }

  /** ../shared beside the repository (set by Surefire), or null when it is absent. */
  public static Path sharedDir() {
    String dir = System.getProperty("ctl.shared.dir");
    if (dir == null) {
      return null;
    }
    Path p = Path.of(dir);
    return Files.isDirectory(p) ? p : null;
  }
}
