package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models written with parquet-hadoop are the files Spark SQL writes for the same rows: the
 * same Parquet schema and Spark schema metadata, and Spark reads back the same rows bit for bit;
 * a task attempt that fails halfway leaves nothing behind once the retry commits. The session
 * retries a failed task once (local[2,2]).
 */
class ModelParquetTest {
  private static SparkSession spark;

  @TempDir
  java.nio.file.Path dir;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2,2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final int ROWS = 42;

  /**
   * Row i of the models: a root (no parent), a child with awkward values (NaN, -0.0, infinities,
   * subnormals, an empty array, a quoted non-ASCII id), then a chain of tasks.
   */
  private static Row row(int i) {
    if (i == 0) {
      return RowFactory.create("root", null, 0, 40, "linear", new double[] {1.5, -2.25, 0.1},
          new double[] {0.0, 1.0}, new double[] {1.0, 2.0}, 3.5, 1.25, new double[] {0.5});
    }
    if (i == 1) {
      return RowFactory.create("t é \"1\"", "root", 1, 7, "linear",
          new double[] {Double.NaN, -0.0, Double.MIN_VALUE},
          new double[] {Double.MAX_VALUE, 1e-300}, new double[] {Double.POSITIVE_INFINITY, 2.0},
          -0.0, Double.NaN, new double[0]);
    }
    int k = i - 2;
    return RowFactory.create("task" + k, k == 0 ? "root" : "task" + (k - 1), k + 1, k, "mlp",
        new double[] {k, k / 3.0, -k * 1e10}, new double[] {k}, new double[] {1.0 / (k + 1)},
        k * 0.1, 1.0, new double[] {Math.sqrt(k), k});
  }

  /** The rows, made on the executors (as the run makes them) in two partitions. */
  private static JavaRDD<Row> rows() {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(IntStream.range(0, ROWS).boxed().toList(), 2).map(ModelParquetTest::row);
  }

  private static List<Row> read(String path) {
    List<Row> rows = new ArrayList<>(spark.read().parquet(path).collectAsList());
    rows.sort(Comparator.comparing(r -> r.getString(0)));
    return rows;
  }

  /**
   * The rows with every double as its bits: NaN equals itself, -0.0 differs from 0.0 (Row
   * equality compares the arrays' doubles with ==).
   */
  private static List<List<Object>> bits(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        if (v instanceof Double d) {
          values.add(Double.doubleToRawLongBits(d));
        } else if (v instanceof scala.collection.Seq<?>) {
          values.add(r.<Double>getList(i).stream().map(Double::doubleToRawLongBits).toList());
        } else {
          values.add(v);
        }
      }
      out.add(values);
    }
    return out;
  }

  private List<FileMetaData> footers(java.nio.file.Path folder) throws IOException {
    List<FileMetaData> out = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.list(folder)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted()
          .toList()) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(f.toString()), new Configuration()))) {
          out.add(r.getFooter().getFileMetaData());
        }
      }
    }
    return out;
  }

  @Test
  void sameFilesAndRowsAsSparkSql() throws IOException {
    JavaRDD<Row> rows = rows();
    String bySql = dir.resolve("sql").toString();
    String byHand = dir.resolve("ours").toString();
    spark.createDataFrame(rows, RunOutput.MODEL_SCHEMA).write().parquet(bySql);
    ModelParquet.write(spark.sparkContext(), rows, byHand);

    List<FileMetaData> theirs = footers(dir.resolve("sql"));
    List<FileMetaData> ours = footers(dir.resolve("ours"));
    assertEquals(2, ours.size());
    for (FileMetaData f : ours) {
      assertEquals(theirs.get(0).getSchema(), f.getSchema());
      assertEquals(theirs.get(0).getKeyValueMetaData(), f.getKeyValueMetaData());
    }
    assertTrue(Files.exists(dir.resolve("ours/_SUCCESS")));

    Dataset<Row> back = spark.read().parquet(byHand);
    assertEquals(spark.read().parquet(bySql).schema(), back.schema());
    List<Row> expected = read(bySql);
    assertEquals(ROWS, expected.size());
    assertEquals(bits(expected), bits(read(byHand)));
    Row child = read(byHand).get(1);
    assertEquals("t é \"1\"", child.getString(0));
    assertTrue(child.getList(child.fieldIndex("embedding")).isEmpty());
    assertTrue(read(byHand).get(0).isNullAt(1));
  }

  @Test
  void aTaskThatFailsHalfwayIsRetriedAndLeavesNothingBehind() throws IOException {
    // Partition 1's first attempt dies after handing the writer some rows.
    JavaRDD<Row> failing = rows().mapPartitionsWithIndex((p, it) -> p == 1
            && TaskContext.get().attemptNumber() == 0 ? dieAfterFive(it) : it, false);
    String path = dir.resolve("retried").toString();
    ModelParquet.write(spark.sparkContext(), failing, path);

    List<Row> expected = IntStream.range(0, ROWS).mapToObj(i -> row(i).getString(0)).sorted()
        .map(id -> RowFactory.create(id)).toList();
    List<Row> ids = new ArrayList<>(spark.read().parquet(path).select("task").collectAsList());
    ids.sort(Comparator.comparing(r -> r.getString(0)));
    assertEquals(expected, ids);
    try (Stream<java.nio.file.Path> files = Files.list(dir.resolve("retried"))) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList();
      assertEquals(List.of("_SUCCESS", "part-r-00000.snappy.parquet",
          "part-r-00001.snappy.parquet"), names);
    }
    assertFalse(Files.exists(dir.resolve("retried/_temporary")));
  }

  private static Iterator<Row> dieAfterFive(Iterator<Row> rows) {
    return new Iterator<>() {
      private int given;

      @Override
      public boolean hasNext() {
        if (given == 5) {
          throw new IllegalStateException("injected failure after five rows");
        }
        return rows.hasNext();
      }

      @Override
      public Row next() {
        given++;
        return rows.next();
      }
    };
  }
}
