package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.SparkSessions;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs work in the job's SparkSession, stopping it afterwards only if this job started it. */
final class SparkJob {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJob.class);

  private SparkJob() {}

  static <T> T run(CtlConfig config, Function<SparkSession, T> work) {
    boolean existed = SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
    long t0 = System.nanoTime();
    if (!existed) {
      LOG.info("spark: starting");
    }
    SparkSession spark = SparkSessions.getOrCreate(config);
    if (!existed) {
      LOG.info("spark: started ({}), {} s", spark.sparkContext().master(),
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    try {
      return work.apply(spark);
    } finally {
      if (!existed) {
        spark.stop();
      }
    }
  }
}
