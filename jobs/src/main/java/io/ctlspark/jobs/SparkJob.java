package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.SparkSessions;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Runs work in the job's SparkSession, stopping it afterwards only if this job started it. */
final class SparkJob {
  private SparkJob() {}

  static <T> T run(CtlConfig config, Function<SparkSession, T> work) {
    boolean existed = SparkSession.getActiveSession().isDefined()
        || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.getOrCreate(config);
    try {
      return work.apply(spark);
    } finally {
      if (!existed) {
        spark.stop();
      }
    }
  }
}
