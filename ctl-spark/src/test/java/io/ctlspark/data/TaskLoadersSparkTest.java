package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways to per-task records give the same records bit for bit: Spark SQL's grouping
 * (the previous loader, an independent implementation of the order and the checks), the chunked
 * grouping over the same scan, and CSV read straight from the files; on CSV cut into many small
 * splits and on Parquet. The tables hold what real files hold: tasks spread over files and
 * splits, missing and non-finite cells, quoted ids, blank lines, numbers in every spelling.
 */
class TaskLoadersSparkTest {
  private static final List<String> FEATURES = List.of("x1", "x2");
  private static SparkSession spark;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws IOException {
    spark = TestSpark.start("local[2]");
    // Many small pieces, so that a task's rows come from several splits of one file.
    spark.sparkContext().hadoopConfiguration()
        .set("mapreduce.input.fileinputformat.split.maxsize", "300");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "300");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
    Path train = Files.createDirectories(dir.resolve("train"));
    Path test = Files.createDirectories(dir.resolve("test"));
    StringBuilder a = new StringBuilder("task,x1,x2,y\n");
    StringBuilder b = new StringBuilder("task,x1,x2,y\n");
    StringBuilder t = new StringBuilder("task,x1,x2,y\n");
    String[] ids = {"a", "\"b, the \"\"second\"\"\"", "c"};
    for (int i = 0; i < 60; i++) {
      String id = ids[i % 3];
      // Rows of one task interleave with others and continue in the second file.
      (i < 40 ? a : b).append(id).append(',').append(spell(i)).append(',')
          .append(0.1 * i - 2).append(',').append(3.141592653589793 * i).append('\n');
      if (i % 2 == 0) {
        t.append(id).append(',').append(i).append(",").append(-i).append(',').append(i * 0.5)
            .append('\n');
      }
      if (i == 20) {
        a.append('\n');
      }
    }
    // Rows that are dropped: a missing cell, NaN, Inf, -Inf (the task's dropped count: 4).
    a.append("a,,1,2\na,NaN,1,2\nc,1,Inf,2\nc,1,2,-Inf\n");
    Files.writeString(train.resolve("part-a.csv"), a);
    Files.writeString(train.resolve("part-b.csv"), b);
    Files.writeString(test.resolve("part-a.csv"), t);
  }

  /** Numbers as people write them; Java's parser reads each, as Spark's CSV reader does. */
  private static String spell(int i) {
    return switch (i % 7) {
      case 0 -> "1e" + (i % 5);
      case 1 -> "-0.0";
      case 2 -> "0.30000000000000004";
      case 3 -> "2.718281828459045235360287";
      case 4 -> "\"" + i + ".5\"";
      case 5 -> "+" + i;
      default -> "." + i;
    };
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static TaskDatasetBuilder builder() {
    return new TaskDatasetBuilder(new TaskColumns("task", "y", FEATURES, ""),
        EmptyTaskPolicy.FAIL, false, 3, null);
  }

  private static TaskDataset viaSql(String train, String test, TaskGrouping grouping) {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.AUTO);
    List<String> numeric = List.of("x1", "x2", "y");
    Dataset<Row> tr = reader.readNumeric("train", train, reader.read("train", train), numeric);
    Dataset<Row> te = reader.readNumeric("test", test, reader.read("test", test), numeric);
    return builder().withGrouping(grouping).build(tr, "train", te, "test");
  }

  private static TaskDataset direct(String train, String test) {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    return builder().buildFromCsv(reader.read("train", train), train, "train",
        reader.read("test", test), test, "test");
  }

  private static void assertSame(TaskDataset expected, TaskDataset actual) {
    List<TaskRecord> e = sorted(expected);
    List<TaskRecord> a = sorted(actual);
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      assertTrue(e.get(i).sameAs(a.get(i)), "task " + e.get(i).id());
    }
    assertEquals(expected.droppedRows(), actual.droppedRows());
    assertEquals(List.of(expected.taskIds()), List.of(actual.taskIds()));
  }

  private static List<TaskRecord> sorted(TaskDataset d) {
    List<TaskRecord> r = new ArrayList<>(d.records().collect());
    r.sort(Comparator.comparingInt(TaskRecord::index));
    return r;
  }

  @Test
  void csvReadDirectlyGivesTheRecordsOfBothSqlGroupings() {
    String train = dir.resolve("train").toString();
    String test = dir.resolve("test").toString();
    TaskDataset sql = viaSql(train, test, new SqlGrouping());
    TaskDataset chunked = viaSql(train, test, new ChunkedGrouping());
    TaskDataset direct = direct(train, test);
    try {
      // Hand-counted: 3 tasks, 20 training rows each, 10 test rows each; 4 rows dropped.
      assertEquals(List.of("a", "b, the \"second\"", "c"), List.of(sql.taskIds()));
      assertEquals(4, sql.droppedRows());
      for (int i = 0; i < 3; i++) {
        assertEquals(20, sql.trainRows(i));
        assertEquals(10, sql.testRows(i));
      }
      assertSame(sql, chunked);
      assertSame(sql, direct);
    } finally {
      sql.release();
      chunked.release();
      direct.release();
    }
  }

  @Test
  void parquetGivesTheSameRecordsWithEitherGrouping() {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    List<String> numeric = List.of("x1", "x2", "y");
    for (String split : new String[] {"train", "test"}) {
      String csv = dir.resolve(split).toString();
      reader.readNumeric(split, csv, reader.read(split, csv), numeric).repartition(2)
          .write().mode("overwrite").parquet(dir.resolve(split + ".parquet").toString());
    }
    String train = dir.resolve("train.parquet").toString();
    String test = dir.resolve("test.parquet").toString();
    TaskDataset sql = viaSql(train, test, new SqlGrouping());
    TaskDataset chunked = viaSql(train, test, new ChunkedGrouping());
    try {
      assertEquals(3, sql.taskCount());
      assertSame(sql, chunked);
    } finally {
      sql.release();
      chunked.release();
    }
  }

  @Test
  void aFileWithAnotherHeaderIsNamed() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other-header"));
    Files.writeString(other.resolve("a.csv"), "task,x1,x2,y\na,1,2,3\n");
    Files.writeString(other.resolve("b.csv"), "task,x2,x1,y\na,1,2,3\n");
    BadInputException e = assertThrows(BadInputException.class,
        () -> direct(other.toString(), dir.resolve("test").toString()));
    assertTrue(e.getMessage().contains("b.csv") && e.getMessage().contains("same header"),
        e.getMessage());
  }

  @Test
  void raggedRowsUnclosedQuotesAndWordsAreNamed() throws IOException {
    String[][] cases = {
        {"a,1,2\n", "it has 3 fields, the header 4"},
        {"\"a,1,2,3\n", "a quoted field does not end on its line"},
        {"a,1,lots,3\n", "column 'x2' has non-numeric value 'lots' (task 'a')"},
        {",1,2,3\n", "empty value in task column 'task'"},
    };
    for (String[] c : cases) {
      Path bad = dir.resolve("bad.csv");
      Files.writeString(bad, "task,x1,x2,y\nz,1,2,3\n" + c[0]);
      BadInputException e = assertThrows(BadInputException.class,
          () -> direct(bad.toString(), dir.resolve("test").toString()));
      assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains(c[1]),
          e.getMessage());
    }
  }
}
