package io.ctlspark;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark a job runs on: its SparkContext, and a Spark SQL session over that context, made the
 * first time something asks for one. Making the session is half of Spark's start here (1.3 to
 * 1.6 s of 2.6 to 3 s, with the class-data archive): with MLlib on the classpath, Spark SQL
 * applies MLlib's session extension, whose functions are registered through Scala reflection.
 * {@code train} on tables read straight from their files (CSV; Parquet of plain numbers and
 * instants) plans no SQL at all (the models are written with parquet-hadoop), so it never pays
 * for it; reading through Spark SQL, predicting and the global GBT baseline do.
 */
public final class SparkRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(SparkRuntime.class);
  private final SparkContext sc;
  private SparkSession session;

  private SparkRuntime(SparkContext sc, SparkSession session) {
    this.sc = sc;
    this.session = session;
  }

  /** The runtime of a session that exists already (tests, notebooks, the Spark ML API). */
  public static SparkRuntime of(SparkSession spark) {
    return new SparkRuntime(spark.sparkContext(), spark);
  }

  /** A runtime over a running context, whose SQL session is made when first asked for. */
  public static SparkRuntime sessionOnDemand(SparkContext sc) {
    return new SparkRuntime(sc, null);
  }

  public SparkContext context() {
    return sc;
  }

  /** The SQL session over {@link #context}, made on the first call. */
  public synchronized SparkSession session() {
    if (session == null) {
      long t0 = System.nanoTime();
      // The builder given the context's own configuration is Spark's public way to put a
      // session over a running context (Builder.sparkContext is internal to Spark). Spark then
      // warns that some configuration may not take effect: it is the context's, already in
      // effect (conf/log4j2.properties drops that line).
      session = SparkSession.builder().config(sc.getConf()).getOrCreate();
      LOG.info("spark: SQL session started, {} s",
          String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }
    return session;
  }
}
