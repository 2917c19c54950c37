package io.ctlspark.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How {@link TaskDatasetBuilder} gathers each task's rows: from the normalised table (columns
 * _task, _x, _y, _ok, _bad, _file, _row, _split, in that order) to one {@link TaskRows} per task,
 * its rows sorted by (split, file, row), hash-partitioned by task id into {@code partitions}.
 * A row whose _bad is set fails the job with a {@link io.ctlspark.BadInputException}.
 */
public interface TaskGrouping {
  JavaRDD<TaskRows> group(Dataset<Row> normalised, int d, String[] sources, int partitions);
}
