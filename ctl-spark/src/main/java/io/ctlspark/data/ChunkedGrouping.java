package io.ctlspark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * Groups rows by task without a record per row: each input partition reads Spark's internal rows
 * (no boxed Row, no struct per row) and gathers each task's rows into {@link RowChunk}s of flat
 * double arrays, dropping non-finite rows as it goes; only the chunks are shuffled, and each task's
 * chunks are merged and sorted in plain Java. The SQL way (collect_list of structs, sort_array,
 * Row conversion: {@link SqlGrouping}) measured slower and gives the same records.
 */
public final class ChunkedGrouping implements TaskGrouping {
  // Column positions in the normalised table (TaskDatasetBuilder.normalise).
  private static final int TASK = 0;
  private static final int X = 1;
  private static final int Y = 2;
  private static final int OK = 3;
  private static final int BAD = 4;
  private static final int FILE = 5;
  private static final int ROW = 6;
  private static final int SPLIT = 7;

  @Override
  public JavaRDD<TaskRows> group(Dataset<Row> normalised, int d, String[] sources,
      int partitions) {
    JavaRDD<InternalRow> rows = normalised.queryExecution().toRdd().toJavaRDD();
    return groupChunks(rows.mapPartitionsToPair(it -> chunks(it, d, sources)), d, partitions);
  }

  /**
   * Each task's chunks, shuffled to one place (hash of the task id) and merged, a partition's
   * tasks in the order of their ids.
   *
   * <p>The chunks are shuffled without an aggregator (partitionBy, not groupByKey) and gathered
   * by task here: Spark's aggregation map estimates its own size every few inserts by walking a
   * sample of its entries (SizeEstimator), which took a third of this stage at T = 10,000 (JFR).
   * Either way a partition's chunks are held in memory until its tasks are merged (Spark's map
   * spills to disk only when execution memory runs out; a partition's rows must fit in memory
   * here, which ctl.spark.partitions sets).
   */
  static JavaRDD<TaskRows> groupChunks(JavaPairRDD<String, RowChunk> chunks, int d,
      int partitions) {
    return chunks.partitionBy(new HashPartitioner(partitions)).mapPartitions(it -> merged(it, d));
  }

  private static Iterator<TaskRows> merged(Iterator<Tuple2<String, RowChunk>> chunks, int d) {
    Map<String, List<RowChunk>> byTask = new HashMap<>();
    while (chunks.hasNext()) {
      Tuple2<String, RowChunk> c = chunks.next();
      byTask.computeIfAbsent(c._1(), k -> new ArrayList<>(2)).add(c._2());
    }
    String[] ids = byTask.keySet().toArray(new String[0]);
    Arrays.sort(ids);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < ids.length;
      }

      @Override
      public TaskRows next() {
        if (next == ids.length) {
          throw new java.util.NoSuchElementException();
        }
        String id = ids[next++];
        // Removed as merged: a merged task's raw chunks are garbage at once.
        return TaskRows.fromChunks(id, byTask.remove(id), d);
      }
    };
  }

  private static Iterator<Tuple2<String, RowChunk>> chunks(Iterator<InternalRow> rows, int d,
      String[] sources) {
    RowReader reader = new RowReader(d, sources);
    return reader.buffer.drain(rows, reader::read);
  }

  /** Reads one partition's internal rows into chunks. */
  private static final class RowReader {
    private final int d;
    private final String[] sources;
    private final ChunkBuffer buffer;
    private final double[] xs;
    // The last row's chunk: input is usually grouped by task, so most rows skip the lookup.
    private RowChunk last;
    private UTF8String lastTask;
    private UTF8String lastFile;

    RowReader(int d, String[] sources) {
      this.d = d;
      this.sources = sources;
      this.buffer = new ChunkBuffer(d);
      this.xs = new double[d];
    }

    void read(InternalRow r) {
      int split = r.getInt(SPLIT);
      UTF8String file = r.getUTF8String(FILE);
      if (!r.isNullAt(BAD)) {
        throw TaskRows.badRow(file.toString(), sources[split], r.getUTF8String(BAD).toString(),
            r.isNullAt(TASK) ? null : r.getUTF8String(TASK).toString());
      }
      UTF8String task = r.getUTF8String(TASK);
      if (last == null || split != last.split || !task.equals(lastTask)
          || !file.equals(lastFile)) {
        // The row's strings point into a buffer the scan reuses: keep copies.
        lastTask = task.clone();
        lastFile = file.clone();
        last = buffer.open(lastTask.toString(), split, lastFile.toString(), 0);
      }
      if (!r.getBoolean(OK)) {
        last.dropped++;
        return;
      }
      // Values of the x array are non-null here: _ok checked every one.
      ArrayData values = r.getArray(X);
      for (int j = 0; j < d; j++) {
        xs[j] = values.getDouble(j);
      }
      last.add(r.getLong(ROW), xs, r.getDouble(Y));
      if (buffer.added(last)) {
        last = null;
      }
    }
  }
}
