package io.ctlspark.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.ctlspark.BadInputException;
import io.ctlspark.features.CalendarFeatures;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.SeriesSamples;
import io.ctlspark.features.TimeSplit;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Turns a training table and a test table into a {@link TaskDataset}: validates columns and
 * values, groups rows by task in one shuffle (train and test together; {@link TaskGrouping}),
 * drops non-finite rows, standardises each task with its own training statistics, and caches
 * one record per task, hash-partitioned by task id. Task indices follow the sorted task ids, so they do not depend on
 * the input's order or partitioning.
 */
public final class TaskDatasetBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDatasetBuilder.class);
  private final TaskColumns columns;
  private final EmptyTaskPolicy emptyTasks;
  private final boolean classifier;
  private final int partitions;
  private final String orderCol;
  private TaskGrouping grouping = new ChunkedGrouping();
  private NaiveObservations observations;
  private ObservationSums observationSums;

  /**
   * What a task's seasonal naive observations come to ({@link #withObservations}): from its
   * {time, split, label} triples, in the order its rows were read, to a few numbers per period.
   */
  public interface ObservationSums extends Serializable {
    double[][] of(double[] observed);
  }

  /**
   * @param orderCol a numeric column that orders each task's rows (e.g. time), or null to keep
   *     the input's order (file, then position in the file)
   */
  public TaskDatasetBuilder(TaskColumns columns, EmptyTaskPolicy emptyTasks, boolean classifier,
      int partitions, String orderCol) {
    this.columns = columns;
    this.emptyTasks = emptyTasks;
    this.classifier = classifier;
    this.partitions = partitions;
    this.orderCol = orderCol;
  }

  /**
   * Groups rows with {@code grouping} instead of the default {@link ChunkedGrouping} (the
   * benchmark and the tests compare it with {@link SqlGrouping}).
   */
  public TaskDatasetBuilder withGrouping(TaskGrouping grouping) {
    this.grouping = grouping;
    return this;
  }

  /**
   * Has {@link #buildFromCsv} and {@link #buildFromParquet} also keep each task's observations
   * for the seasonal naive forecast (every row whose label is a finite number, whatever its
   * features hold, with its time read from {@code timeCol}, text in {@code zone} or a Parquet
   * instant, NaN when unreadable or missing, and its split) and sum them with {@code sums}
   * where the task's rows are grouped: the dataset then holds each task's sums ({@link
   * TaskDataset#observationSums}), and the tables are read once for both. For Parquet the
   * caller has checked with {@link #readsParquet} that the reader takes the time column, which
   * is the calendar features' when there are any.
   */
  public TaskDatasetBuilder withObservations(String timeCol, String zone, ObservationSums sums) {
    this.observations = new NaiveObservations(timeCol, zone);
    this.observationSums = sums;
    return this;
  }

  /**
   * @param trainSource how to name the training table in messages (e.g. "ctl.data.train (path)")
   */
  public TaskDataset build(Dataset<Row> train, String trainSource, Dataset<Row> test,
      String testSource) {
    List<String> features = featureColumns(train, trainSource);
    requireColumns(test, testSource, features);
    int d = features.size();
    Dataset<Row> rows = normalise(train, features, 0).unionByName(normalise(test, features, 1));
    String[] sources = {trainSource, testSource};
    return assemble(train.sparkSession().sparkContext(),
        () -> grouping.group(rows, d, sources, partitions), features, trainSource, testSource);
  }

  /**
   * The same records as {@link #build} from CSV tables, read straight from their files
   * ({@link CsvChunks}) instead of through Spark SQL, which is several times faster and needs no
   * SQL session. {@code trainHeader} and {@code testHeader} are the tables' columns
   * ({@link TaskTableReader#csvHeader}); there is no order column. With {@code calendar} (null
   * for none) the calendar features among the features are computed from its time column.
   */
  public TaskDataset buildFromCsv(SparkContext sc, List<String> trainHeader, String trainPath,
      String trainSource, List<String> testHeader, String testPath, String testSource,
      CalendarFeatures calendar) {
    FileChunks c = csvChunks(sc, trainHeader, trainPath, trainSource, testHeader, testPath,
        testSource, calendar, observations);
    return fromFiles(sc, c.chunks, c.features, trainSource, testSource);
  }

  /**
   * The floor under {@link #buildFromCsv}, for benchmarks: both tables read and parsed into
   * chunks as it reads them, with no grouping (no shuffle, no records); their rows counted.
   */
  public long scanCsv(SparkContext sc, List<String> trainHeader, String trainPath,
      List<String> testHeader, String testPath) {
    return rowsOf(csvChunks(sc, trainHeader, trainPath, "train", testHeader, testPath, "test",
        null, null));
  }

  private FileChunks csvChunks(SparkContext sc, List<String> trainHeader, String trainPath,
      String trainSource, List<String> testHeader, String testPath, String testSource,
      CalendarFeatures calendar, NaiveObservations observed) {
    List<String> computed = calendar == null ? List.of() : FeatureSpec.CALENDAR;
    List<String> features = featureColumns(trainHeader, trainSource, computed);
    List<String> read = new ArrayList<>(features);
    read.removeAll(computed);
    if (calendar != null) {
      read.add(calendar.timeCol());
    }
    if (observed != null) {
      read.add(observed.timeCol());
    }
    // The training table's features are its own (featureColumns); its time columns are not.
    if (calendar != null || observed != null) {
      requireColumns(trainHeader, trainSource, read);
    }
    requireColumns(testHeader, testSource, read);
    List<String> columns = needed(features);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    return new FileChunks(features, () -> CsvChunks.read(jsc, trainPath, trainHeader, columns,
        TimeSplit.TRAIN, calendar, observed).union(CsvChunks.read(jsc, testPath, testHeader,
        columns, TimeSplit.TEST, calendar, observed)));
  }

  /** The features a table's records will have, and the chunks of its rows read from files. */
  private record FileChunks(List<String> features,
      Supplier<JavaPairRDD<String, RowChunk>> chunks) {}

  private static long rowsOf(FileChunks c) {
    return c.chunks.get().values().map(chunk -> (long) chunk.rows + chunk.dropped)
        .reduce(Long::sum);
  }

  /**
   * The same records as {@link #build} from Parquet tables, read straight from their files
   * ({@link ParquetChunks}) instead of through Spark SQL, with no SQL session. The caller has
   * checked with {@link #readsParquet} that the direct reader takes both tables' schemas
   * ({@link TaskTableReader#parquetSchema}, given here: each file of a table must hold the
   * columns read in the types its schema gives). There is no order column. With {@code
   * calendar} (null for none) the calendar features among the features are computed from its
   * time column.
   */
  public TaskDataset buildFromParquet(SparkContext sc, String trainPath, MessageType trainSchema,
      String trainSource, String testPath, MessageType testSchema, String testSource,
      List<String> features, CalendarFeatures calendar) {
    return fromFiles(sc, parquetChunks(sc, trainPath, trainSchema, trainSource, testPath,
        testSchema, testSource, features, calendar, observations).chunks, features, trainSource,
        testSource);
  }

  /** As {@link #scanCsv}, the floor under {@link #buildFromParquet}. */
  public long scanParquet(SparkContext sc, String trainPath, MessageType trainSchema,
      String testPath, MessageType testSchema, List<String> features) {
    return rowsOf(parquetChunks(sc, trainPath, trainSchema, "train", testPath, testSchema,
        "test", features, null, null));
  }

  private FileChunks parquetChunks(SparkContext sc, String trainPath, MessageType trainSchema,
      String trainSource, String testPath, MessageType testSchema, String testSource,
      List<String> features, CalendarFeatures calendar, NaiveObservations observed) {
    List<String> columns = needed(features);
    String time = observed == null ? null : observed.timeCol();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    return new FileChunks(features, () -> ParquetChunks.read(jsc, trainPath, trainSchema,
        columns, TimeSplit.TRAIN, trainSource, calendar, time).union(ParquetChunks.read(jsc,
        testPath, testSchema, columns, TimeSplit.TEST, testSource, calendar, time)));
  }

  /**
   * The records of both tables' rows read straight from their files as chunks (training rows
   * split 0, test rows split 1), grouped by task in the files' order: there is no order column.
   */
  private TaskDataset fromFiles(SparkContext sc, Supplier<JavaPairRDD<String, RowChunk>> chunks,
      List<String> features, String trainSource, String testSource) {
    if (orderCol != null) {
      throw new IllegalStateException("reading files directly keeps the files' order; there is "
          + "no order column");
    }
    return assemble(sc, () -> ChunkedGrouping.groupChunks(chunks.get(), features.size(),
        partitions), features, trainSource, testSource);
  }

  /**
   * Why {@link #buildFromParquet} cannot read a table with this Parquet schema (a column it
   * does not convert as Spark SQL would, or a missing one), or null when it can.
   *
   * @param timeCol the time column, or null: the calendar features among the features are then
   *     computed from it, and it must hold instants the reader converts
   */
  public String readsParquet(MessageType schema, List<String> features, String timeCol) {
    List<String> read = needed(features);
    if (timeCol != null) {
      read.removeAll(FeatureSpec.CALENDAR);
    }
    return ParquetChunks.unsupported(schema, read, timeCol);
  }

  /**
   * The same records as {@link #build} of {@code samples}' rows (training: split TRAIN; test:
   * split {@code evaluated}; ordered by time), straight from each series' sample arrays, with no
   * DataFrame and no second shuffle (the series are already partitioned by id).
   */
  public TaskDataset buildFromSeries(FeatureTable samples, int evaluated, String trainSource,
      String testSource) {
    JavaRDD<SeriesSamples> series = samples.samples();
    return assemble(series.context(), () -> series.map(s -> TaskRows.fromSamples(s,
        evaluated)), samples.features(), trainSource, testSource);
  }

  /** From grouped rows to cached records: counts, the tasks kept and their indices. */
  private TaskDataset assemble(SparkContext sc,
      Supplier<JavaRDD<TaskRows>> grouped, List<String> features,
      String trainSource, String testSource) {
    int d = features.size();
    boolean cls = classifier;
    ObservationSums sums = observationSums;
    // (id, (counts, observation sums or null), the record before it has an index, for a task
    // with training and test rows): tasks are standardised where they were grouped, in the job
    // that counts them, so their raw rows are garbage at once. These are kept, and the records
    // are a view of them (the index added as they are read): the data are held once, and no
    // second job stores the records. Planning may already run jobs (adaptive execution): errors
    // surface here too.
    CachedRdd<Tuple3<String, Tuple2<long[], double[][]>, TaskRecord>> counted = unwrapSparkErrors(
        () -> CachedRdd.keep(grouped.get().map(t -> new Tuple3<>(t.id, new Tuple2<>(t.counts(),
            sums == null || t.observed == null ? null : sums.of(t.observed)),
            t.kept() ? t.toRecord(d, cls) : null))), trainSource);
    boolean built = false;
    try {
      List<Tuple2<String, Tuple2<long[], double[][]>>> collected = unwrapSparkErrors(
          () -> counted.rdd().map(t -> new Tuple2<>(t._1(), t._2())).collect(), trainSource);
      List<Tuple2<String, long[]>> counts = new ArrayList<>(collected.size());
      Map<String, double[][]> observed = sums == null ? null : new HashMap<>();
      for (Tuple2<String, Tuple2<long[], double[][]>> c : collected) {
        counts.add(new Tuple2<>(c._1(), c._2()._1()));
        if (observed != null && c._2()._2() != null) {
          observed.put(c._1(), c._2()._2());
        }
      }
      Selection sel = select(counts, trainSource, testSource);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
      Broadcast<Map<String, Integer>> indexOf = jsc.broadcast(sel.indexOf);
      // Tasks stay where the grouping put them (hash-partitioned by task id): no second shuffle.
      JavaRDD<TaskRecord> records = counted.rdd()
          .filter(t -> indexOf.value().containsKey(t._1()))
          .map(t -> t._3().withIndex(indexOf.value().get(t._1())));
      // The records' lineage refers to indexOf: it lives as long as they do (release()).
      TaskDataset data = new TaskDataset(records, counted, indexOf, sel.ids, features,
          sel.trainRows, sel.testRows, sel.dropped, sel.skipped);
      if (observed != null) {
        data.withObservationSums(observed);
      }
      built = true;
      return data;
    } finally {
      if (!built) {
        counted.release();
      }
    }
  }

  /** The feature columns of a table under this builder's {@link TaskColumns}, validated. */
  private List<String> featureColumns(Dataset<Row> table, String source) {
    List<String> features = featureColumns(Arrays.asList(table.columns()), source, List.of());
    requireNumeric(table, source, features);
    return features;
  }

  /**
   * The feature columns, under this builder's {@link TaskColumns}, of a table with these
   * columns, which must all be there; their types are {@link #requireNumeric}'s to check.
   */
  public List<String> featureColumns(List<String> header, String source) {
    return featureColumns(header, source, List.of());
  }

  /** As {@link #featureColumns(List, String)}, where the columns {@code computed} need not
   * be in the table (they are computed from others). */
  private List<String> featureColumns(List<String> names, String source,
      List<String> computed) {
    List<String> features;
    if (!columns.featureCols().isEmpty()) {
      features = columns.featureCols();
    } else if (!columns.featurePrefix().isEmpty()) {
      features = names.stream().filter(c -> c.startsWith(columns.featurePrefix())).toList();
      if (features.isEmpty()) {
        throw new InvalidSettingException(source + ": no column starts with {0} '"
            + columns.featurePrefix() + "'; columns are " + names, Setting.FEATURE_PREFIX);
      }
    } else {
      features = names.stream()
          .filter(c -> !c.equals(columns.taskCol()) && !c.equals(columns.labelCol())).toList();
      if (features.isEmpty()) {
        throw new BadInputException(source + ": no feature columns besides '"
            + columns.taskCol() + "' and '" + columns.labelCol() + "'");
      }
    }
    if (features.contains(columns.labelCol()) || features.contains(columns.taskCol())) {
      throw new BadInputException(source + ": the task and label columns cannot be features");
    }
    List<String> read = new ArrayList<>(features);
    read.removeAll(computed);
    requireColumns(names, source, read);
    return features;
  }

  /** The task and label columns and {@code features} are all among {@code names}. */
  private void requireColumns(List<String> names, String source, List<String> features) {
    for (String c : needed(features)) {
      if (!names.contains(c)) {
        throw new BadInputException(source + ": missing column '" + c + "'; columns are "
            + names);
      }
    }
  }

  /** As {@link #requireColumns(List, String, List)}, and the label and features are numbers
   * (or strings, parsed as numbers). */
  private void requireColumns(Dataset<Row> table, String source, List<String> features) {
    requireColumns(Arrays.asList(table.columns()), source, features);
    requireNumeric(table, source, features);
  }

  /** The label column and {@code features} of {@code table} hold numbers or strings. */
  public void requireNumeric(Dataset<Row> table, String source, List<String> features) {
    List<String> needed = needed(features);
    for (String c : needed.subList(1, needed.size())) {
      DataType t = table.schema().apply(c).dataType();
      if (!(t instanceof NumericType) && !t.equals(DataTypes.StringType)) {
        throw new BadInputException(source + ": column '" + c + "' has type "
            + t.simpleString() + ", not a number");
      }
    }
  }

  /** The task column, the label column, then {@code features}. */
  private List<String> needed(List<String> features) {
    List<String> needed = new ArrayList<>(features);
    needed.add(0, columns.labelCol());
    needed.add(0, columns.taskCol());
    return needed;
  }

  /**
   * (_task, _x: array of double, _y, _ok: all finite, _bad: why the row is unreadable or null,
   * _file, _row, _split). File name and row id are taken right at the scan, so the input's own
   * order is kept; with an order column, _row is that column and _file is empty.
   */
  private Dataset<Row> normalise(Dataset<Row> table, List<String> features, int split) {
    List<Column> problems = new ArrayList<>();
    problems.add(when(col(columns.taskCol()).isNull(),
        lit("empty value in task column '" + columns.taskCol() + "'")));
    Column[] x = new Column[features.size()];
    for (int j = 0; j < x.length; j++) {
      x[j] = numeric(table, features.get(j), problems);
    }
    Column y = numeric(table, columns.labelCol(), problems);
    List<Column> checks = new ArrayList<>();
    checks.add(finite(y));
    for (Column xj : x) {
      checks.add(finite(xj));
    }
    Column ok = allOf(checks, 0, checks.size());
    return table.select(
        col(columns.taskCol()).cast("string").as("_task"),
        array(x).as("_x"),
        y.as("_y"),
        ok.as("_ok"),
        coalesce(problems.toArray(new Column[0])).as("_bad"),
        orderCol == null ? input_file_name().as("_file") : lit("").as("_file"),
        orderCol == null ? monotonically_increasing_id().as("_row")
            : col(orderCol).cast("long").as("_row"),
        lit(split).as("_split"));
  }

  /**
   * The AND of checks[from, to) as a balanced tree. A chain of one AND per feature is an
   * expression as deep as the table is wide: a table of thousands of columns overflowed the
   * stack of Spark's analyser. Balanced, 10,000 columns are 14 levels deep, and the check stays
   * in generated code (a higher-order forall over the array would be interpreted, row by row).
   */
  private static Column allOf(List<Column> checks, int from, int to) {
    if (to - from == 1) {
      return checks.get(from);
    }
    int mid = (from + to) >>> 1;
    return allOf(checks, from, mid).and(allOf(checks, mid, to));
  }

  private static Column finite(Column c) {
    return c.isNotNull().and(not(isnan(c))).and(abs(c).lt(lit(Double.POSITIVE_INFINITY)));
  }

  private static Column numeric(Dataset<Row> table, String name, List<Column> problems) {
    StructField field = table.schema().apply(name);
    Column c = col(name);
    if (field.dataType().equals(DataTypes.StringType)) {
      Column parsed = c.try_cast("double");
      problems.add(when(c.isNotNull().and(parsed.isNull()),
          concat(lit("column '" + name + "' has non-numeric value '"), c, lit("'"))));
      return parsed;
    }
    return c.cast("double");
  }

  /** Which tasks are kept, their indices (sorted ids) and counts. */
  private Selection select(List<Tuple2<String, long[]>> counts, String trainSource,
      String testSource) {
    List<Tuple2<String, long[]>> sorted = new ArrayList<>(counts);
    sorted.sort((a, b) -> a._1().compareTo(b._1()));
    Selection sel = new Selection();
    List<String> kept = new ArrayList<>();
    List<long[]> keptCounts = new ArrayList<>();
    for (Tuple2<String, long[]> t : sorted) {
      long[] c = t._2();
      sel.dropped += c[2] + c[3];
      String problem = null;
      if (c[0] == 0) {
        problem = c[2] > 0 ? "all " + c[2] + " of its rows in " + trainSource
            + " have a non-finite feature or label" : "it has no rows in " + trainSource;
      } else if (c[1] == 0) {
        problem = c[3] > 0 ? "all " + c[3] + " of its rows in " + testSource
            + " have a non-finite feature or label" : "it has no rows in " + testSource;
      }
      if (problem != null) {
        if (emptyTasks == EmptyTaskPolicy.FAIL) {
          throw new InvalidSettingException("task '" + t._1() + "' is empty: " + problem
              + " (set {0} = skip to leave such tasks out)", Setting.EMPTY_TASKS);
        }
        LOG.warn("skipping task '{}': {}", t._1(), problem);
        sel.skipped.add(t._1());
        continue;
      }
      kept.add(t._1());
      keptCounts.add(c);
    }
    if (kept.isEmpty()) {
      throw new BadInputException(trainSource + ": no task has usable training and test rows");
    }
    if (sel.dropped > 0) {
      LOG.warn("dropped {} rows with a non-finite feature or label", sel.dropped);
    }
    sel.ids = kept.toArray(new String[0]);
    sel.trainRows = new int[kept.size()];
    sel.testRows = new int[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      sel.indexOf.put(kept.get(i), i);
      sel.trainRows[i] = (int) keptCounts.get(i)[0];
      sel.testRows[i] = (int) keptCounts.get(i)[1];
    }
    return sel;
  }

  /**
   * Runs a Spark action, turning an executor-side bad-input error back into itself. Spark's
   * SparkException is a checked exception that Scala code throws undeclared: catch Exception.
   */
  static <T> T unwrapSparkErrors(Supplier<T> action, String source) {
    try {
      return action.get();
    } catch (Exception e) {
      BadInputException bad = BadInputException.findIn(e);
      if (bad != null) {
        throw new BadInputException(bad.getMessage(), e);
      }
      for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
        String message = String.valueOf(c.getMessage());
        if (message.contains("CSV header does not conform")
            || message.contains("Number of column in CSV header")) {
          // Spark compares each file's header with the schema read from the first file.
          throw new BadInputException(source + ": the files of one table must have the same "
              + "header: " + message.replaceAll("\\s+", " ").trim(), e);
        }
        if (message.contains("MALFORMED_RECORD")) {
          throw new MalformedInputException(source, c);
        }
        if (c instanceof java.io.EOFException) {
          // A compressed file cut short (an interrupted copy): the decompressor runs out.
          throw new BadInputException(source + ": a file ends before its data do (a truncated "
              + "or corrupt compressed file?): " + c.getMessage(), e);
        }
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Spark's CSV reader met a value it could not parse (its message does not say in which file).
   * Building again from the string-typed tables finds and names the cell.
   */
  public static final class MalformedInputException extends BadInputException {
    private static final long serialVersionUID = 1L;

    MalformedInputException(String source, Throwable cause) {
      super(source + ": " + describe(cause), cause);
    }

    /**
     * What Spark's CSV reader could not read, said plainly: the value that is not a number as
     * its parser spells them (Java's, so lowercase inf and nan are not numbers to it), or a row
     * whose fields do not match the header; with the row as Spark read it, which starts with
     * the task id.
     */
    private static String describe(Throwable malformed) {
      String message = String.valueOf(malformed.getMessage());
      java.util.regex.Matcher record = java.util.regex.Pattern
          .compile("record parsing: (\\[.*?\\])").matcher(message);
      String row = record.find() ? " (the row read as " + record.group(1) + ")" : "";
      for (Throwable c = malformed; c != null && c.getCause() != c; c = c.getCause()) {
        if (c instanceof NumberFormatException) {
          java.util.regex.Matcher value = java.util.regex.Pattern
              .compile("input string: \"(.*)\"").matcher(String.valueOf(c.getMessage()));
          if (value.find()) {
            return "value '" + value.group(1) + "' is not a number" + row + "; write "
                + "non-finite values as NaN, Inf or -Inf (in that case), or leave the cell empty";
          }
        }
      }
      return "a row does not match the header (too few or too many fields, or an unclosed "
          + "quote)" + row;
    }
  }

  private static final class Selection {
    final Map<String, Integer> indexOf = new HashMap<>();
    final List<String> skipped = new ArrayList<>();
    String[] ids;
    int[] trainRows;
    int[] testRows;
    long dropped;
  }
}
