package io.ctlspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Grouping with Spark SQL: every row becomes a struct, shuffled and collected per task, sorted
 * with sort_array and converted to boxed Rows. It was ctl-spark's loader until the chunked one
 * ({@link ChunkedGrouping}) replaced it; it stays as the independent reference that the loader
 * tests compare the chunked grouping with, and as the "before" of {@code ctl bench --ingest}.
 */
public final class SqlGrouping implements TaskGrouping {
  @Override
  public JavaRDD<TaskRows> group(Dataset<Row> normalised, int d, String[] sources,
      int partitions) {
    // Hash-partitioning by task first makes the grouping reuse it (one shuffle into the run's
    // partitions) instead of spark.sql.shuffle.partitions tiny tasks.
    Dataset<Row> grouped = normalised.repartition(partitions, col("_task")).groupBy("_task")
        .agg(sort_array(collect_list(struct("_split", "_file", "_row", "_bad", "_ok", "_x",
            "_y"))).as("rows"));
    return grouped.javaRDD().map(g -> TaskRows.fromGroup(g, d, sources));
  }
}
