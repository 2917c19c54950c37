package io.ctlspark.jobs;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Spark SQL's classes into the class-data archive that bin/ctl records on the first run of
 * a command after a build (-XX:ArchiveClassesAtExit archives the classes that run loaded). A
 * first run that never touched Spark SQL (`train` on tables read straight from their files)
 * would leave them out, and every later command that plans SQL (predict, raw series, tables read
 * through Spark SQL) would load and verify them from the jars again: 1.4 s to 2 s more per run,
 * measured.
 * So that run ends with a small query over each SQL path the commands use: CSV and Parquet
 * reading and writing, a join, an aggregation, a window, code generation.
 */
final class SqlClassWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(SqlClassWarmup.class);

  private SqlClassWarmup() {
  }

  /**
   * Runs the queries in a local session of its own; does nothing when a session is already
   * active (it is not ours to stop). Never throws: the archive is a speed-up, not a result.
   */
  static void run() {
    if (SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession()
        .isDefined()) {
      return;
    }
    Path dir = null;
    SparkSession spark = null;
    try {
      dir = Files.createTempDirectory("ctl-sql-warmup");
      spark = SparkSession.builder().master("local[1]").appName("ctl-sql-warmup")
          .config("spark.ui.enabled", "false").getOrCreate();
      Dataset<Row> t = spark.range(200).selectExpr("cast(id % 7 as string) task",
          "id * 0.5 x", "cast(id as double) y");
      String parquet = dir.resolve("p").toString();
      String csv = dir.resolve("c").toString();
      t.write().parquet(parquet);
      t.write().option("header", "true").csv(csv);
      Dataset<Row> p = spark.read().parquet(parquet);
      Dataset<Row> c = spark.read().option("header", "true").csv(csv)
          .selectExpr("task", "try_cast(x as double) x2");
      p.join(c, "task").groupBy("task").agg(avg("x2")).collectAsList();
      p.withColumn("prev", lag(col("x"), 1).over(Window.partitionBy("task").orderBy("y")))
          .collectAsList();
    } catch (Exception e) {
      LOG.debug("Spark SQL warm-up for the class-data archive failed", e);
    } finally {
      if (spark != null) {
        spark.stop();
      }
      if (dir != null) {
        BenchCommand.deleteRecursively(dir);
      }
    }
  }
}
