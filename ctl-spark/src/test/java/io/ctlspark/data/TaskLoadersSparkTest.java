package io.ctlspark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.features.CalendarFeatures;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.eval.SeasonalNaive;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.TimeSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

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
    return builder().buildFromCsv(spark.sparkContext(), reader.csvHeader("train", train), train,
        "train", reader.csvHeader("test", test), test, "test", null);
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
      // The benchmarks' floor reads every row, dropped ones too: 60 + 4 training, 30 test.
      TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
      assertEquals(94, builder().scanCsv(spark.sparkContext(), reader.csvHeader("train", train),
          train, reader.csvHeader("test", test), test));
    } finally {
      sql.release();
      chunked.release();
      direct.release();
    }
  }

  @Test
  void gzipFilesGiveTheRecordsOfTheirText() throws Exception {
    String train = dir.resolve("train").toString();
    String test = dir.resolve("test").toString();
    Path gzTrain = Files.createDirectories(dir.resolve("gz-train"));
    Path gzTest = Files.createDirectories(dir.resolve("gz-test"));
    for (String part : List.of("part-a.csv", "part-b.csv")) {
      gzip(dir.resolve("train").resolve(part), gzTrain.resolve(part + ".gz"));
    }
    gzip(dir.resolve("test").resolve("part-a.csv"), gzTest.resolve("part-a.csv.gz"));
    TaskDataset text = direct(train, test);
    // Spark counts a task's input bytes per thread: the file is read on the task's thread.
    long[] bytesRead = {0};
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          synchronized (bytesRead) {
            bytesRead[0] += end.taskMetrics().inputMetrics().bytesRead();
          }
        }
      }
    };
    spark.sparkContext().addSparkListener(counter);
    TaskDataset gz;
    try {
      gz = direct(gzTrain.toString(), gzTest.toString());
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    try {
      assertSame(text, gz);
      long files = Files.size(gzTrain.resolve("part-a.csv.gz"))
          + Files.size(gzTrain.resolve("part-b.csv.gz")) + Files.size(gzTest.resolve(
          "part-a.csv.gz"));
      assertTrue(bytesRead[0] >= files, bytesRead[0] + " bytes read of " + files);
    } finally {
      text.release();
      gz.release();
    }
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(
        Files.newOutputStream(to))) {
      Files.copy(from, out);
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
    TaskDataset direct = directParquet(train, test);
    try {
      assertEquals(3, sql.taskCount());
      assertSame(sql, chunked);
      assertSame(sql, direct);
      assertEquals(94, builder().scanParquet(spark.sparkContext(), train, schema(train), test,
          schema(test), FEATURES));
    } finally {
      sql.release();
      chunked.release();
      direct.release();
    }
  }

  /**
   * Larger Parquet files, as writers cut real ones: several row groups per file (so splits of
   * one file hold different row groups), row groups longer than the reader's batch of 4,096
   * rows, pages that leave the dictionary for plain values, tasks whose rows run across row
   * groups and files, and nulls.
   */
  @Test
  void parquetOfManyRowGroupsAndBatchesGivesSparkSqlsRecords() throws IOException {
    String[] paths = new String[2];
    for (int split = 0; split < 2; split++) {
      paths[split] = dir.resolve("row-groups-" + split).toString();
      // Runs of 7 rows per task, 40 tasks over and over, in two files a table; a few nulls.
      // Small row groups (128 KB), pages (8 KB) and dictionaries (4 KB): x2's first 5,000 rows
      // a file take 13 values, then all differ, so its dictionary overflows within a row group.
      spark.range(0, 40_000, 1, 2).selectExpr("concat('task-', floor(id / 7) % 40) as task",
          "if(id % 997 = 5, null, sin(id * 0.37 + " + split + ")) as x1",
          "if(id % 20000 < 5000, cast(id % 13 as double), cos(id * 0.7)) as x2",
          "cos(id * 0.11) * 100 as y")
          .write().mode("overwrite").option("parquet.block.size", 131_072)
          .option("parquet.page.size", 8_192).option("parquet.dictionary.page.size", 4_096)
          .parquet(paths[split]);
    }
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(paths[0]))) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .findFirst().orElseThrow();
      try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop
          .ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
              new org.apache.hadoop.fs.Path(part.toString()),
              spark.sparkContext().hadoopConfiguration()))) {
        List<org.apache.parquet.hadoop.metadata.BlockMetaData> groups = r.getRowGroups();
        assertTrue(groups.size() >= 2 && groups.get(0).getRowCount() > 4096,
            groups.size() + " row groups");
        // x2's first row group: dictionary-encoded pages, then plain ones.
        java.util.Set<org.apache.parquet.column.Encoding> x2 = groups.get(0).getColumns().get(2)
            .getEncodings();
        assertTrue(x2.contains(org.apache.parquet.column.Encoding.PLAIN)
            && x2.stream().anyMatch(org.apache.parquet.column.Encoding::usesDictionary),
            x2.toString());
      }
    }
    // Splits of 64 KB (the class's 300 bytes would make thousands of tasks of these files).
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    String splitSize = conf.get("mapreduce.input.fileinputformat.split.maxsize");
    conf.set("mapreduce.input.fileinputformat.split.maxsize", "65536");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "65536");
    TaskDataset sql = null;
    TaskDataset direct = null;
    try {
      sql = viaSql(paths[0], paths[1], new ChunkedGrouping());
      direct = directParquet(paths[0], paths[1]);
      assertEquals(40, direct.taskCount());
      assertTrue(direct.droppedRows() > 0);
      assertSame(sql, direct);
    } finally {
      conf.set("mapreduce.input.fileinputformat.split.maxsize", splitSize);
      spark.conf().set("spark.sql.files.maxPartitionBytes", "300");
      if (sql != null) {
        sql.release();
      }
      if (direct != null) {
        direct.release();
      }
    }
  }

  private static TaskDataset directParquet(String train, String test) {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.PARQUET);
    assertEquals(null, builder().readsParquet(reader.parquetSchema("train", train), FEATURES,
        null));
    return builder().buildFromParquet(spark.sparkContext(), train, schema(train), "train",
        test, schema(test), "test", FEATURES, null);
  }

  /** The schema of the table's first file, as the driver reads it. */
  private static org.apache.parquet.schema.MessageType schema(String path) {
    return new TaskTableReader(spark, TableFormat.PARQUET).parquetSchema("table", path);
  }

  /** Writes rows (task, x1, x2, y) of these Spark SQL types as one Parquet file; its folder. */
  private static String parquet(String name, DataType task, DataType x1, DataType x2,
      List<Row> rows) {
    StructType schema = new StructType().add("task", task).add("x1", x1).add("x2", x2)
        .add("y", DataTypes.DoubleType);
    String path = dir.resolve(name).toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(path);
    return path;
  }

  /** Rows (int, float, long, double) as (string, double, double, double), nulls kept. */
  private static List<Row> cast(List<Row> rows) {
    return rows.stream().map(r -> RowFactory.create(Integer.toString(r.getInt(0)),
        r.isNullAt(1) ? null : (double) r.getFloat(1),
        r.isNullAt(2) ? null : (double) r.getLong(2), r.getDouble(3))).toList();
  }

  @Test
  void parquetOfIntegersFloatsAndNullsIsReadDirectlyAsSparkSqlReadsIt() {
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Integer task ids, float and long features; nulls and NaN make rows that are dropped.
      Float x1 = i % 7 == 3 ? null : i % 11 == 5 ? Float.NaN : 0.1f * i - 1;
      Long x2 = i % 5 == 4 ? null : 3_000_000_000L * (i % 3) - i;
      (i % 3 == 0 ? test : train).add(RowFactory.create(i % 4, x1, x2, 0.7 * i));
    }
    String tr = parquet("typed-train", DataTypes.IntegerType, DataTypes.FloatType,
        DataTypes.LongType, train);
    String te = parquet("typed-test", DataTypes.IntegerType, DataTypes.FloatType,
        DataTypes.LongType, test);
    // Spark SQL's path on the same values cast as it casts them (to string, to double): the
    // test session's Kryo registration does not cover reading the float type through it.
    TaskDataset sql = viaSql(parquet("typed-train-cast", DataTypes.StringType,
        DataTypes.DoubleType, DataTypes.DoubleType, cast(train)), parquet("typed-test-cast",
        DataTypes.StringType, DataTypes.DoubleType, DataTypes.DoubleType, cast(test)),
        new ChunkedGrouping());
    TaskDataset direct = directParquet(tr, te);
    try {
      assertEquals(List.of("0", "1", "2", "3"), List.of(direct.taskIds()));
      assertTrue(direct.droppedRows() > 0);
      assertSame(sql, direct);
    } finally {
      sql.release();
      direct.release();
    }
  }

  /**
   * On a Spark whose vectorized reader differs, tables are read through Spark SQL (slower, with a
   * log line); on the Spark this project builds against, that must never happen silently.
   */
  @Test
  void theBuiltSparksVectorizedParquetReaderIsTheOneTheLoaderDrives() {
    assertEquals(null, ParquetChunks.readerProblem());
  }

  @Test
  void parquetOfByteAndShortIntegersIsReadDirectlyAsSparkSqlReadsIt() {
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    List<Row> trainCast = new ArrayList<>();
    List<Row> testCast = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Short task ids (negative ones too), byte and short features with nulls.
      short task = (short) (i % 4 == 0 ? -300 : 7 + i % 2);
      Byte x1 = i % 5 == 1 ? null : (byte) (i * 9 - 120);
      Short x2 = i % 7 == 2 ? null : (short) (i * 1000 - 20_000);
      Row row = RowFactory.create(task, x1, x2, 0.5 * i);
      Row cast = RowFactory.create(Short.toString(task), x1 == null ? null : (double) x1,
          x2 == null ? null : (double) x2, 0.5 * i);
      (i % 3 == 1 ? test : train).add(row);
      (i % 3 == 1 ? testCast : trainCast).add(cast);
    }
    String tr = parquet("small-train", DataTypes.ShortType, DataTypes.ByteType,
        DataTypes.ShortType, train);
    String te = parquet("small-test", DataTypes.ShortType, DataTypes.ByteType,
        DataTypes.ShortType, test);
    TaskDataset sql = viaSql(parquet("small-train-cast", DataTypes.StringType,
        DataTypes.DoubleType, DataTypes.DoubleType, trainCast), parquet("small-test-cast",
        DataTypes.StringType, DataTypes.DoubleType, DataTypes.DoubleType, testCast),
        new ChunkedGrouping());
    TaskDataset direct = directParquet(tr, te);
    try {
      assertEquals(List.of("-300", "7", "8"), List.of(direct.taskIds()).stream().sorted()
          .toList());
      assertTrue(direct.droppedRows() > 0);
      assertSame(sql, direct);
    } finally {
      sql.release();
      direct.release();
    }
  }

  @Test
  void parquetTheDirectReaderDoesNotConvertIsLeftToSparkSql() {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.PARQUET);
    List<Row> one = List.of(RowFactory.create("a", "1.5", 2.0, 3.0));
    String strings = parquet("string-feature", DataTypes.StringType, DataTypes.StringType,
        DataTypes.DoubleType, one);
    assertEquals("column 'x1' is optional binary x1 (STRING)",
        builder().readsParquet(reader.parquetSchema("train", strings), FEATURES, null));
    List<Row> decimal = List.of(RowFactory.create("a", new java.math.BigDecimal("1.50"), 2.0,
        3.0));
    String decimals = parquet("decimal-feature", DataTypes.StringType,
        DataTypes.createDecimalType(10, 2), DataTypes.DoubleType, decimal);
    assertTrue(builder().readsParquet(reader.parquetSchema("train", decimals), FEATURES, null)
        .startsWith("column 'x1' is optional int64 x1 (DECIMAL(10,2))"));
    String noX2 = dir.resolve("no-x2").toString();
    spark.createDataFrame(List.of(RowFactory.create("a", 1.0, 2.0)), new StructType()
        .add("task", DataTypes.StringType).add("x1", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType)).write().mode("overwrite").parquet(noX2);
    assertEquals("no column 'x2'",
        builder().readsParquet(reader.parquetSchema("train", noX2), FEATURES, null));
  }

  @Test
  void parquetWithoutATaskIdOrWithAnotherFileTypeIsNamed() throws IOException {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("a", 1.0, 2.0, 3.0));
    rows.add(RowFactory.create(null, 1.0, 2.0, 3.0));
    String noTask = parquet("null-task", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.DoubleType, rows);
    BadInputException e = assertThrows(BadInputException.class,
        () -> directParquet(noTask, noTask));
    assertTrue(e.getMessage().contains("null-task/part-")
        && e.getMessage().contains("empty value in task column 'task'"), e.getMessage());

    // Two files of one table whose x2 differ in type: the second is named by what it holds.
    String mixed = parquet("mixed", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.DoubleType, List.of(RowFactory.create("a", 1.0, 2.0, 3.0)));
    String other = parquet("mixed-other", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.StringType, List.of(RowFactory.create("a", 1.0, "2", 3.0)));
    addFileOf(other, mixed);
    e = assertThrows(BadInputException.class, () -> directParquet(mixed, mixed));
    assertTrue(e.getMessage().contains("train: the files of one table must have the same "
        + "columns and types: a file has column 'x2' is optional binary x2 (STRING)"),
        e.getMessage());

    // A number column of another number type than in the first file: named too.
    String widened = parquet("widened", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.DoubleType, List.of(RowFactory.create("a", 1.0, 2.0, 3.0)));
    String longs = parquet("widened-other", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.LongType, List.of(RowFactory.create("b", 1.0, 2L, 3.0)));
    addFileOf(longs, widened);
    e = assertThrows(BadInputException.class, () -> directParquet(widened, widened));
    assertTrue(e.getMessage().contains("train: the files of one table must have the same "
        + "columns and types: a file has column 'x2' is optional int64 x2 (the first file's is "
        + "read as double)"), e.getMessage());
  }

  /**
   * Copies the Parquet file of table {@code from} into table {@code to}, named to sort after
   * its part-0000... file: the first file is the one the driver checks.
   */
  private static void addFileOf(String from, String to) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(Path.of(from))) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .findFirst().orElseThrow();
      Files.copy(part, Path.of(to).resolve("zz-other.parquet"));
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

  /** A wide table with a time column "date" in Europe/London, calendar features on. */
  private static FeatureSpec calendarSpec() {
    return FeatureSpec.from(CtlConfig.load(null, List.of("ctl.data.task-col=task",
        "ctl.data.label-col=y", "ctl.data.time-col=date", "ctl.data.time-zone=Europe/London",
        "ctl.features.calendar=true")));
  }

  private static TaskDatasetBuilder calendarBuilder() {
    List<String> features = new ArrayList<>(List.of("x1"));
    features.addAll(FeatureSpec.CALENDAR);
    return new TaskDatasetBuilder(new TaskColumns("task", "y", features, ""),
        EmptyTaskPolicy.FAIL, false, 3, null);
  }

  private static TaskDataset calendarDirect(Path train, Path test) {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    return calendarBuilder().buildFromCsv(spark.sparkContext(),
        reader.csvHeader("train", train.toString()), train.toString(), "train",
        reader.csvHeader("test", test.toString()), test.toString(), "test",
        new CalendarFeatures(calendarSpec()));
  }

  /**
   * The calendar features computed in Java equal Spark SQL's (SeriesFeatures.withCalendar, whose
   * values SeriesFeaturesTest checks against the WEAVE-style files) bit for bit.
   */
  @Test
  void calendarFeaturesReadDirectlyEqualSparkSqlsBitForBit() throws IOException {
    Path cal = Files.createDirectories(dir.resolve("calendar"));
    StringBuilder train = new StringBuilder("date,task,x1,y\n");
    StringBuilder test = new StringBuilder("date,task,x1,y\n");
    // Every hour of two weeks around the spring DST change (01:00 to 01:59 on 2024-03-31 do not
    // exist in London, so those rows are left out), in every accepted spelling.
    for (int i = 0; i < 24 * 14; i++) {
      java.time.LocalDateTime t = java.time.LocalDateTime.of(2024, 3, 24, 0, 0).plusHours(i);
      if (t.toLocalDate().equals(java.time.LocalDate.of(2024, 3, 31)) && t.getHour() == 1) {
        continue;
      }
      String date = switch (i % 4) {
        case 0 -> t.toString().replace('T', ' ') + ":00";
        case 1 -> "\"" + t + "\"";
        case 2 -> t.toString().replace('T', ' ');
        default -> t.atZone(java.time.ZoneId.of("Europe/London")).toOffsetDateTime().toString();
      };
      String task = i % 3 == 0 ? "a" : "b";
      (i % 5 == 0 ? test : train).append(date).append(',').append(task).append(',')
          .append(i * 0.25).append(',').append(i % 11 == 0 ? "NaN" : String.valueOf(i))
          .append('\n');
    }
    Files.writeString(cal.resolve("train.csv"), train);
    Files.writeString(cal.resolve("test.csv"), test);
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    FeatureSpec spec = calendarSpec();
    List<String> numeric = List.of("x1", "y");
    String trainPath = cal.resolve("train.csv").toString();
    String testPath = cal.resolve("test.csv").toString();
    TaskDataset sql = calendarBuilder().withGrouping(new SqlGrouping()).build(
        SeriesFeatures.withCalendar(reader.readNumeric("train", trainPath,
            reader.read("train", trainPath), numeric), "train", spec), "train",
        SeriesFeatures.withCalendar(reader.readNumeric("test", testPath,
            reader.read("test", testPath), numeric), "test", spec), "test");
    TaskDataset direct = calendarDirect(cal.resolve("train.csv"), cal.resolve("test.csv"));
    try {
      assertEquals(2, sql.taskCount());
      assertTrue(sql.droppedRows() > 0);
      assertSame(sql, direct);
    } finally {
      sql.release();
      direct.release();
    }
  }

  @Test
  void anUnreadableOrMissingTimestampIsNamedWithFileSeriesAndZone() throws IOException {
    Path test = Files.createDirectories(dir.resolve("calendar-test"));
    Files.writeString(test.resolve("test.csv"), "date,task,x1,y\n2024-01-01 00:00,a,1,2\n");
    String[][] cases = {
        // 01:30 does not exist in London that day (the clocks go from 01:00 to 02:00).
        {"2024-03-31 01:30,a,1,2\n", "timestamp '2024-03-31 01:30' (series 'a'), a time that "
            + "does not exist in Europe/London"},
        {"yesterday,b,1,NaN\n", "unreadable timestamp 'yesterday' (series 'b')"},
        {",a,1,2\n", "an empty timestamp (series 'a')"},
    };
    for (String[] c : cases) {
      Path bad = dir.resolve("bad-time.csv");
      Files.writeString(bad, "date,task,x1,y\n2024-01-01 00:00,a,1,2\n" + c[0]);
      BadInputException e = assertThrows(BadInputException.class,
          () -> calendarDirect(bad, test.resolve("test.csv")));
      assertTrue(e.getMessage().contains("bad-time.csv") && e.getMessage().contains(c[1])
          && e.getMessage().contains("column 'date'")
          && e.getMessage().contains("Europe/London"), e.getMessage());
    }
    Path noTime = dir.resolve("no-time.csv");
    Files.writeString(noTime, "task,x1,y\na,1,2\n");
    BadInputException e = assertThrows(BadInputException.class,
        () -> calendarDirect(noTime, test.resolve("test.csv")));
    assertTrue(e.getMessage().contains("missing column 'date'"), e.getMessage());
  }

  /** (date, task, x1, y) rows: one an hour over ten days around London's spring DST change. */
  private static String timedParquet(String name, String timestampType, List<Row> rows) {
    StructType schema = new StructType().add("date", DataTypes.TimestampType)
        .add("task", DataTypes.StringType).add("x1", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    String path = dir.resolve(name).toString();
    spark.conf().set("spark.sql.parquet.outputTimestampType", timestampType);
    try {
      spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(path);
    } finally {
      spark.conf().unset("spark.sql.parquet.outputTimestampType");
    }
    return path;
  }

  /** The seasonal naive's observations of a table as Spark SQL gives them (TrainingRun's way). */
  private static JavaPairRDD<String, double[]> sqlObservations(String path, FeatureSpec spec,
      int split) {
    Dataset<Row> t = SeriesFeatures.withTime(spark.read().parquet(path), spec);
    return SeasonalNaive.scoredRows(t.select(
        col("task").cast("string").as(SeasonalNaive.TASK),
        col(SeriesFeatures.TIME).as(SeasonalNaive.TIME),
        col("y").cast("double").as(SeasonalNaive.VALUE), lit(split).as(SeasonalNaive.SPLIT)));
  }

  /** The seasonal naive's scores, daily and weekly on hourly rows, horizon 1. */
  private static final int[] PERIODS = {24, 168};
  private static final String[] NAIVE = {"daily", "weekly"};
  private static final long HOUR = 3_600_000_000L;

  /** Both scores of both ways bit for bit, and the expected ones not all zero. */
  private static void assertSameScores(NaiveScores[] expected, NaiveScores[] actual, String why) {
    for (int p = 0; p < expected.length; p++) {
      NaiveScores e = expected[p];
      NaiveScores a = actual[p];
      assertTrue(e.testRows()[0] > 0 && e.testUndefined()[0] > 0 && e.inSampleRows()[1] > 0,
          why + ": scores with defined and undefined forecasts");
      assertArrayEquals(e.testRows(), a.testRows(), why);
      assertArrayEquals(e.testSse(), a.testSse(), 0, why);
      assertArrayEquals(e.testSae(), a.testSae(), 0, why);
      assertArrayEquals(e.testUndefined(), a.testUndefined(), why);
      assertArrayEquals(e.inSampleRows(), a.inSampleRows(), why);
      assertArrayEquals(e.inSampleSae(), a.inSampleSae(), 0, why);
    }
  }

  /**
   * Parquet with a time column of instants, in each type Spark writes (INT96, its default, and
   * INT64 micros and millis): the calendar features read straight from the files equal Spark
   * SQL's bit for bit, and the seasonal naive's observations kept as they are read score as
   * Spark SQL's observations do, rows with a missing or NaN label included.
   */
  @Test
  void parquetTimestampsGiveSparkSqlsCalendarFeaturesAndObservations() {
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2024-03-26T00:00:00Z");
    for (int i = 0; i < 24 * 10; i++) {
      java.sql.Timestamp t = java.sql.Timestamp.from(start.plusSeconds(3600L * i + 7 * i));
      Double y = i % 13 == 0 ? null : i % 11 == 0 ? Double.NaN : i * 1.5;
      (i % 5 == 0 ? test : train).add(RowFactory.create(t, i % 3 == 0 ? "a" : "b", i * 0.25,
          y));
    }
    FeatureSpec spec = calendarSpec();
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.PARQUET);
    List<String> features = new ArrayList<>(List.of("x1"));
    features.addAll(FeatureSpec.CALENDAR);
    for (String type : List.of("INT96", "TIMESTAMP_MICROS", "TIMESTAMP_MILLIS")) {
      String trainPath = timedParquet("timed-train-" + type, type, train);
      String testPath = timedParquet("timed-test-" + type, type, test);
      assertEquals(null, calendarBuilder().readsParquet(reader.parquetSchema("train", trainPath),
          features, "date"), type);
      TaskDataset sql = calendarBuilder().withGrouping(new SqlGrouping()).build(
          SeriesFeatures.withCalendar(spark.read().parquet(trainPath), "train", spec), "train",
          SeriesFeatures.withCalendar(spark.read().parquet(testPath), "test", spec), "test");
      // The rows are an hour and 7 s apart: that is the naive's interval here.
      long step = 3_607_000_000L;
      TaskDataset direct = calendarBuilder()
          .withObservations("date", "Europe/London",
              o -> SeasonalNaive.sums(o, PERIODS, 1, step))
          .buildFromParquet(spark.sparkContext(), trainPath,
          schema(trainPath), "train", testPath, schema(testPath), "test", features,
          new CalendarFeatures(spec));
      try {
        assertTrue(sql.droppedRows() > 0, type);
        assertSame(sql, direct);
        JavaPairRDD<String, double[]> observed = sqlObservations(trainPath, spec,
            TimeSplit.TRAIN).union(sqlObservations(testPath, spec, TimeSplit.TEST));
        assertTrue(observed.count() < train.size() + test.size(), "labels missing are left out");
        String[] ids = {"a", "b"};
        assertSameScores(SeasonalNaive.score(NAIVE, PERIODS, 1, step,
            SeasonalNaive.Series.ofRows(observed), ids), SeasonalNaive.fromSums(NAIVE, PERIODS,
            direct.observationSums(), ids), type);
      } finally {
        sql.release();
        direct.release();
      }
    }
  }

  /**
   * The seasonal naive's observations kept while a CSV table is loaded (no second read) score
   * as the same observations do through the shuffle that reads them on their own (Series.ofRows,
   * given the rows this test wrote): every row with a finite label, its features finite or not
   * and its time readable or not, from several files and a .gz.
   */
  @Test
  void csvObservationsKeptWhileLoadingScoreAsTheRowsWritten() throws IOException {
    Path train = dir.resolve("naive-train");
    Path test = dir.resolve("naive-test");
    Files.createDirectories(train);
    Files.createDirectories(test);
    StringBuilder[] trainFiles = {new StringBuilder(HEADER), new StringBuilder(HEADER)};
    StringBuilder testFile = new StringBuilder(HEADER);
    List<Tuple2<String, double[]>> rows = new ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2024-03-20T00:00:00Z");
    for (int i = 0; i < 24 * 12; i++) {
      for (String task : List.of("a", "b")) {
        java.time.Instant t = start.plusSeconds(3600L * i);
        boolean unreadable = i == 100 && task.equals("a");
        String y = i % 13 == 0 ? "" : i % 11 == 0 ? "NaN" : (i * 0.75 + task.length()
            + (task.equals("b") ? Math.sin(i) : 0)) + "";
        String x1 = i % 7 == 0 ? "NaN" : String.valueOf(i * 0.5);
        int split = i % 5 == 0 ? TimeSplit.TEST
            : TimeSplit.TRAIN;
        String line = (unreadable ? "soon" : t.toString()) + "," + task + "," + x1 + "," + y
            + "\n";
        (split == TimeSplit.TEST ? testFile
            : trainFiles[i < 24 * 6 ? 0 : 1]).append(line);
        if (!y.isEmpty() && !y.equals("NaN")) {
          rows.add(new Tuple2<>(task, new double[] {unreadable ? Double.NaN
              : t.getEpochSecond() * 1_000_000.0, split, Double.parseDouble(y)}));
        }
      }
    }
    Files.writeString(train.resolve("part-0.csv"), trainFiles[0]);
    Files.writeString(train.resolve("part-1.csv"), trainFiles[1]);
    Path plain = dir.resolve("naive-test.csv");
    Files.writeString(plain, testFile);
    gzip(plain, test.resolve("part-0.csv.gz"));
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    TaskDataset data = new TaskDatasetBuilder(new TaskColumns("task", "y", List.of("x1"), ""),
        EmptyTaskPolicy.FAIL, false, 3, null)
        .withObservations("date", "UTC", o -> SeasonalNaive.sums(o, PERIODS, 1, HOUR))
        .buildFromCsv(spark.sparkContext(), reader.csvHeader("train", train.toString()),
            train.toString(), "train", reader.csvHeader("test", test.toString()),
            test.toString(), "test", null);
    try {
      assertTrue(data.droppedRows() > 0, "rows with a NaN feature are dropped from the records");
      String[] ids = {"a", "b"};
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      assertSameScores(SeasonalNaive.score(NAIVE, PERIODS, 1, HOUR,
          SeasonalNaive.Series.ofRows(jsc.parallelizePairs(rows, 3)), ids),
          SeasonalNaive.fromSums(NAIVE, PERIODS, data.observationSums(), ids), "csv");
    } finally {
      data.release();
    }
  }

  /** The header of the seasonal naive tables above. */
  private static final String HEADER = "date,task,x1,y\n";

  @Test
  void parquetTimesTheDirectReaderDoesNotTakeAreLeftToSparkSqlOrNamed() {
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.PARQUET);
    List<String> features = new ArrayList<>(List.of("x1"));
    features.addAll(FeatureSpec.CALENDAR);
    String strings = dir.resolve("string-time").toString();
    spark.createDataFrame(List.of(RowFactory.create("2024-01-01 00:00", "a", 1.0, 2.0)),
        new StructType().add("date", DataTypes.StringType).add("task", DataTypes.StringType)
            .add("x1", DataTypes.DoubleType).add("y", DataTypes.DoubleType))
        .write().mode("overwrite").parquet(strings);
    assertEquals("time column 'date' is optional binary date (STRING)", calendarBuilder()
        .readsParquet(reader.parquetSchema("train", strings), features, "date"));
    String local = dir.resolve("local-time").toString();
    spark.createDataFrame(List.of(RowFactory.create(java.time.LocalDateTime.of(2024, 1, 1, 0, 0),
        "a", 1.0, 2.0)), new StructType().add("date", DataTypes.TimestampNTZType)
            .add("task", DataTypes.StringType).add("x1", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType)).write().mode("overwrite").parquet(local);
    assertTrue(calendarBuilder().readsParquet(reader.parquetSchema("train", local), features,
        "date").startsWith("time column 'date' is optional int64 date (TIMESTAMP(MICROS,false))"));
    String noDate = parquet("no-date", DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.DoubleType, List.of(RowFactory.create("a", 1.0, 2.0, 3.0)));
    assertEquals("no column 'date'", calendarBuilder().readsParquet(
        reader.parquetSchema("train", noDate), features, "date"));

    FeatureSpec spec = calendarSpec();
    java.sql.Timestamp ok = java.sql.Timestamp.from(
        java.time.Instant.parse("2024-01-01T00:00:00Z"));
    String good = timedParquet("good-time", "INT96", List.of(RowFactory.create(ok, "a", 1.0,
        2.0)));
    String missing = timedParquet("missing-time", "INT96", List.of(RowFactory.create(ok, "a",
        1.0, 2.0), RowFactory.create(null, "b", 1.0, 2.0)));
    BadInputException e = assertThrows(BadInputException.class, () -> calendarBuilder()
        .buildFromParquet(spark.sparkContext(), missing, schema(missing), "train", good,
            schema(good), "test", features, new CalendarFeatures(spec)));
    assertTrue(e.getMessage().contains("missing-time") && e.getMessage().contains(
        "column 'date' has an empty timestamp (series 'b')"), e.getMessage());
    String old = timedParquet("old-time", "INT96", List.of(RowFactory.create(
        java.sql.Timestamp.from(java.time.Instant.parse("1899-12-31T23:00:00Z")), "a", 1.0,
        2.0)));
    e = assertThrows(BadInputException.class, () -> calendarBuilder().buildFromParquet(
        spark.sparkContext(), old, schema(old), "train (old)", good, schema(good), "test",
        features, new CalendarFeatures(spec)));
    assertTrue(e.getMessage().startsWith("train (old): the time column holds an INT96 "
        + "timestamp before 1900 (1899-12-31T23:00:00Z)"), e.getMessage());
  }

  @Test
  void aCsvHeaderIsReadAsSparkReadsIt() throws IOException {
    // A quoted name holding the delimiter and a doubled quote, and an empty cell (Spark names
    // it _c followed by its position).
    Path file = Files.writeString(dir.resolve("header.csv"),
        "task,\"x, \"\"one\"\"\",,y\na,1,2,3\n");
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    assertEquals(List.of("task", "x, \"one\"", "_c2", "y"),
        reader.csvHeader("train", file.toString()));
    assertEquals(List.of("task", "x, \"one\"", "_c2", "y"),
        List.of(reader.read("train", file.toString()).columns()));
  }
}
