package io.ctlspark.jobs;

import io.ctlspark.SparkRuntime;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.SparkSessions;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs work on the job's Spark, stopping it afterwards only if this job started it. */
final class SparkJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJob.class);

  private SparkJob() {}

  /** Work that plans Spark SQL anyway: the session is made before it starts. */
  static <T> T run(CtlConfig config, Function<SparkSession, T> work) {
    return runtime(config, spark -> work.apply(spark.session()));
  }

  /** Work that makes the SQL session only if it needs one ({@link SparkRuntime}). */
  static <T> T runtime(CtlConfig config, Function<SparkRuntime, T> work) {
    boolean existed = SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
    long t0 = System.nanoTime();
    if (!existed) {
      LOG.info("spark: starting");
    }
    SparkRuntime spark = SparkSessions.start(config);
    if (!existed) {
      LOG.info("spark: started ({}), {} s", spark.context().master(),
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    try {
      return work.apply(spark);
    } finally {
      if (!existed) {
        spark.context().stop();
      }
    }
  }
}
