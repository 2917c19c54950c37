package io.ctlspark.run;

import io.ctlspark.SparkRuntime;
import io.ctlspark.cascade.CtlKryoRegistrator;
import io.ctlspark.config.CtlConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/** The Spark a job runs on, set up from ctl.spark.*. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * Kryo with our registrator; the master from spark-submit when it set one, else
   * ctl.spark.master; then ctl.spark.conf as given. An active session (tests, notebooks) is
   * reused; otherwise only the SparkContext starts here, and the SQL session when first asked for
   * ({@link SparkRuntime}), with {@link PosixLocalFileSystem} for file:// on a local master
   * unless a setting names another.
   */
  public static SparkRuntime start(CtlConfig config) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.requiredString("ctl.spark.master"));
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(config.requiredString("ctl.spark.app-name"));
    }
    conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.set("spark.kryo.registrator", CtlKryoRegistrator.class.getName());
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Wide tables (48 lags and more) would otherwise warn once a run that their plan's string
    // form was truncated: harmless, and only debugging output reads it.
    conf.setIfMissing("spark.sql.debug.maxToStringFields", "1000");
    for (Map.Entry<String, String> e : config.sparkConf().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    if (SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined()) {
      // The session in place, with ctl.spark.conf's runtime SQL settings applied to it.
      SparkSession existing = SparkSession.builder().config(conf).getOrCreate();
      JobProgress.install(existing.sparkContext());
      return SparkRuntime.of(existing);
    }
    SparkContext sc = SparkContext.getOrCreate(conf);
    // A local Spark: its local files are written without a chmod process per file, unless the
    // Hadoop configuration Spark built (site files, spark.hadoop.*) names a file system. Not
    // asked of a cluster's executors, which rarely touch file:// and would have to load the
    // class from the application jar.
    if (sc.isLocal()) {
      PosixLocalFileSystem.useUnlessConfigured(sc.hadoopConfiguration());
    }
    JobProgress.install(sc);
    return SparkRuntime.sessionOnDemand(sc);
  }
}
