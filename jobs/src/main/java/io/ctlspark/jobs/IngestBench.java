package io.ctlspark.jobs;

import io.ctlspark.data.EmptyTaskPolicy;
import io.ctlspark.data.SqlGrouping;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.synthetic.SyntheticTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * ctl bench --ingest: from a table on disk to cached per-task records (read, validate, group,
 * standardise), the way train loads a wide table, in CSV, CSV.gz and Parquet, for the loader
 * against the previous one ({@link SqlGrouping}) in the same run, interleaved: warm (in this JVM,
 * after a warm-up) and cold (each load in a fresh JVM, {@link ColdLoad}).
 */
final class IngestBench {
  private static final String[] FORMATS = {"csv", "csv.gz", "parquet"};
  /** Untimed rounds of both loaders and the scan on each table before the timed ones. */
  private static final int WARM_ROUNDS = 3;
  private final int dim;
  private final int rows;
  private final int partitions;
  // The command's --set overrides, for the cold loads' JVMs to start Spark as this one did.
  private final List<String> sets;

  IngestBench(int dim, int rows, int partitions, List<String> sets) {
    this.dim = dim;
    this.rows = rows;
    this.partitions = partitions;
    this.sets = sets;
  }

  int run(SparkSession spark, int[] sizes) {
    int cores = spark.sparkContext().defaultParallelism();
    String python = Pandas.python();
    List<String[]> table = new ArrayList<>();
    Path dir = BenchCommand.tempDir();
    try {
      // Warm-up, untimed: both loaders and the scan once on a small table of each format.
      for (String format : FORMATS) {
        String[] paths = write(spark, dir.resolve("warm"), 50, format);
        load(spark, paths, format, false).release();
        load(spark, paths, format, true).release();
        scan(spark, paths, format);
      }
      for (int tasks : sizes) {
        for (String format : FORMATS) {
          String[] paths = write(spark, dir.resolve("t" + tasks), tasks, format);
          long bytes = size(paths[0]) + size(paths[1]);
          long n = (long) tasks * (rows + 2L * rows);
          double before = 0;
          double after = 0;
          double scan = 0;
          boolean identical = true;
          // Untimed rounds at this size first, as JMH's warm-up iterations: a load's code runs
          // C1's profiling code until C2 compiles it (late under bin/ctl's raised thresholds),
          // and the collector sizes its generations over the first collections. Warm means
          // that steady state, for both loaders.
          for (int round = 0; round < WARM_ROUNDS; round++) {
            System.gc();
            load(spark, paths, format, true).release();
            System.gc();
            load(spark, paths, format, false).release();
            System.gc();
            scan(spark, paths, format);
          }
          // Interleaved, twice each: the host is shared, so a slow moment hits both loaders.
          for (int round = 0; round < 2; round++) {
            // Each load starts from a collected heap (as JMH starts each iteration), so that
            // neither pays for garbage the other left: at T = 10,000 and -Xmx4g that garbage
            // otherwise decided which loader met a full collection.
            System.gc();
            long t0 = System.nanoTime();
            TaskDataset old = load(spark, paths, format, true);
            long t1 = System.nanoTime();
            System.gc();
            long t2 = System.nanoTime();
            TaskDataset now = load(spark, paths, format, false);
            long t3 = System.nanoTime();
            System.gc();
            long t4 = System.nanoTime();
            long scanned = scan(spark, paths, format);
            long t5 = System.nanoTime();
            if (scanned != n) {
              throw new IllegalStateException("the scan read " + scanned + " rows of " + n);
            }
            before += (t1 - t0) / 1e9;
            after += (t3 - t2) / 1e9;
            scan += (t5 - t4) / 1e9;
            identical &= sameRecords(old, now);
            old.release();
            now.release();
          }
          before /= 2;
          after /= 2;
          scan /= 2;
          // Cold: each load in a fresh JVM, as each train run loads, interleaved, twice each.
          double coldBefore = 0;
          double coldAfter = 0;
          for (int round = 0; round < 2; round++) {
            coldBefore += ColdLoad.seconds(paths, format, true, dim, rows, partitions, sets) / 2;
            coldAfter += ColdLoad.seconds(paths, format, false, dim, rows, partitions, sets) / 2;
          }
          // pandas reads CSV (plain or gzip); its Parquet reader needs pyarrow, not asked for.
          double pandas = python == null || format.equals("parquet") ? Double.NaN
              : Pandas.loadSeconds(python, paths[0], paths[1], tasks);
          table.add(new String[] {Integer.toString(tasks), format,
              String.format("%.1f", bytes / 1e6), String.format("%.2f", before),
              String.format("%.2f", after), String.format("%.1f", before / after),
              String.format("%.2f", scan), String.format("%.1f", after / scan),
              String.format("%,.0f", n / after / cores),
              String.format("%.1f", bytes / 1e6 / after / cores),
              String.format("%.2f", coldBefore), String.format("%.2f", coldAfter),
              String.format("%.1f", coldBefore / coldAfter), Boolean.toString(identical),
              Double.isNaN(pandas) ? "-" : String.format("%.2f", pandas),
              Double.isNaN(pandas) ? "-" : String.format("%.1f", pandas / after)});
        }
      }
    } finally {
      BenchCommand.deleteRecursively(dir);
    }
    System.out.println();
    System.out.print(Table.render(new String[] {"tasks", "format", "MB", "before_s", "after_s",
        "before/after", "scan_s", "after/scan", "rows/s/core", "MB/s/core", "cold_before_s",
        "cold_after_s", "cold_before/after", "identical", "pandas_s", "pandas/after"}, table));
    System.out.printf("%nd = %d, %d training + %d test rows per task, %d cores, %d partitions; "
        + "warm: mean of 2 interleaved runs after %d untimed rounds, each from a collected "
        + "heap.%n"
        + "before: the previous loader (Spark SQL's scan, rows "
        + "grouped with collect_list of structs, sort_array, boxed Rows); after: the loader "
        + "train uses (CSV and Parquet read straight from the files; rows grouped in chunks)."
        + "%nscan: the floor under after: the same files read and parsed into the same chunks, "
        + "counted, not grouped (no shuffle, no records)."
        + "%ncold: one load in a fresh JVM (this JVM's flags and class path; Spark and its SQL "
        + "session started untimed), as each train run loads: class loading, JIT compilation "
        + "and SQL code generation included; mean of 2 interleaved runs."
        + "%nCSV and CSV.gz: one file per table (a .gz file is read by one task); Parquet: %d "
        + "files per table.%nidentical: both give the same records bit for bit.%n",
        dim, rows, 2 * rows, cores, partitions, WARM_ROUNDS, partitions);
    System.out.println(python == null ? "pandas: not measured (no python3 that imports "
        + "pandas; on Debian: apt-get install python3-pandas)."
        : "pandas_s: " + python + ", one process: read_csv of both tables and groupby task "
            + "into per-task arrays, best of 2 (" + Pandas.version(python) + ").");
    return 0;
  }

  /** Writes the training and test tables of {@code tasks} synthetic tasks; their paths. */
  private String[] write(SparkSession spark, Path dir, int tasks, String format) {
    SyntheticTasks gen = SyntheticTasks.clustered(tasks, dim, rows, 2 * rows, 10, 5.0, 10.0,
        5.0, tasks);
    String[] paths = new String[2];
    for (int split = 0; split < 2; split++) {
      Dataset<Row> t = gen.table(spark, split == 1, partitions);
      String path = dir.resolve(format + (split == 0 ? "-train" : "-test")).toString();
      switch (format) {
        case "parquet" -> t.write().mode("overwrite").parquet(path);
        case "csv" -> t.coalesce(1).write().mode("overwrite").option("header", "true")
            .csv(path);
        default -> t.coalesce(1).write().mode("overwrite").option("header", "true")
            .option("compression", "gzip").csv(path);
      }
      paths[split] = path;
    }
    return paths;
  }

  /** The rows the loader reads from the tables, counted without grouping them. */
  private long scan(SparkSession spark, String[] paths, String format) {
    TaskTableReader reader = reader(spark, format);
    TaskDatasetBuilder b = builder();
    if (format.equals("parquet")) {
      return b.scanParquet(spark.sparkContext(), paths[0], reader.parquetSchema("train",
          paths[0]), paths[1], reader.parquetSchema("test", paths[1]), features());
    }
    return b.scanCsv(spark.sparkContext(), reader.csvHeader("train", paths[0]), paths[0],
        reader.csvHeader("test", paths[1]), paths[1]);
  }

  private List<String> features() {
    List<String> features = new ArrayList<>();
    for (int j = 0; j < dim; j++) {
      features.add("x" + j);
    }
    return features;
  }

  private TaskDatasetBuilder builder() {
    return new TaskDatasetBuilder(new TaskColumns("task", "y", features(), ""),
        EmptyTaskPolicy.FAIL, false, partitions, null);
  }

  private static TaskTableReader reader(SparkSession spark, String format) {
    return new TaskTableReader(spark,
        format.equals("parquet") ? TableFormat.PARQUET : TableFormat.CSV);
  }

  TaskDataset load(SparkSession spark, String[] paths, String format, boolean before) {
    TaskTableReader reader = reader(spark, format);
    List<String> features = features();
    TaskDatasetBuilder b = builder();
    if (!before && format.equals("parquet")) {
      MessageType trainSchema = reader.parquetSchema("train", paths[0]);
      MessageType testSchema = reader.parquetSchema("test", paths[1]);
      String problem = b.readsParquet(trainSchema, features, null);
      if (problem != null) {
        throw new IllegalStateException("the direct Parquet reader refused the benchmark's table: "
            + problem);
      }
      return b.buildFromParquet(spark.sparkContext(), paths[0], trainSchema, "train", paths[1],
          testSchema, "test", features, null);
    }
    if (!before) {
      return b.buildFromCsv(spark.sparkContext(), reader.csvHeader("train", paths[0]), paths[0],
          "train", reader.csvHeader("test", paths[1]), paths[1], "test", null);
    }
    Dataset<Row> train = reader.read("train", paths[0]);
    Dataset<Row> test = reader.read("test", paths[1]);
    List<String> numeric = new ArrayList<>(features);
    numeric.add("y");
    if (before) {
      b.withGrouping(new SqlGrouping());
    }
    return b.build(reader.readNumeric("train", paths[0], train, numeric), "train",
        reader.readNumeric("test", paths[1], test, numeric), "test");
  }

  private static boolean sameRecords(TaskDataset a, TaskDataset b) {
    List<TaskRecord> ra = new ArrayList<>(a.records().collect());
    List<TaskRecord> rb = new ArrayList<>(b.records().collect());
    ra.sort(Comparator.comparingInt(TaskRecord::index));
    rb.sort(Comparator.comparingInt(TaskRecord::index));
    if (ra.size() != rb.size()) {
      return false;
    }
    for (int i = 0; i < ra.size(); i++) {
      if (!ra.get(i).sameAs(rb.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static long size(String path) {
    try (Stream<Path> files = Files.walk(Path.of(path))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
