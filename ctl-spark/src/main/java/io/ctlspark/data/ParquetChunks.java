package io.ctlspark.data;

import io.ctlspark.BadInputException;
import io.ctlspark.features.CalendarFeatures;
import io.ctlspark.features.FeatureSpec;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.parquet.hadoop.ParquetInputFormat;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.execution.datasources.parquet.VectorizedParquetRecordReader;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * Reads a wide Parquet table (a file, folder or glob on any Hadoop file system) straight into
 * {@link RowChunk}s with Spark's vectorized Parquet reader: only the task, label and feature
 * columns are decoded, a batch of rows at a time into column vectors, each value goes from its
 * vector into a row's array of doubles, and neither a Spark SQL session nor a plan, internal row
 * or projection is needed. The reader is Spark SQL's own (the one its scans use), driven here
 * through Hadoop's input format API as Spark's Parquet source drives it. parquet-hadoop's record
 * reader, used before, decoded each value through a byte stream and each row's (always zero)
 * repetition level through a bit unpacker: two thirds of the read's time (JFR). Measured with
 * `bin/ctl bench --ingest 10000`: the map stage of the benchmark's T = 10,000 table (1.9 M rows,
 * 323 MB; reading, chunking, shuffle write) 2.1-2.3 s with parquet-hadoop's reader, 0.9 s with
 * Spark's; the whole load 2.83 s -> 1.48 s.
 *
 * <p>It takes the column types whose values it converts exactly as Spark SQL's cast to double
 * (or, for the task column, to string) does: numbers stored as DOUBLE, FLOAT, or INT32 and INT64
 * without a logical type other than signed integers; task ids as strings (BINARY with the STRING
 * annotation) or such integers; top-level columns, required or optional. A table with any other
 * type among the columns read ({@link #unsupported}) goes through Spark SQL, which converts it
 * (decimals, numbers written as strings) or rejects it as before. A missing value (null) in a
 * number column drops the row as non-finite; in the task column it is an error. Every file of a
 * table must hold the columns read in the types of the file the driver checked.
 *
 * <p>A time column (for calendar features and the seasonal naive's observations) is read when
 * it holds instants as Spark SQL reads them into its TimestampType: INT96 (Spark's default
 * writer type) or INT64 TIMESTAMP(MILLIS or MICROS) adjusted to UTC; Spark SQL's path takes any
 * other (strings, local date-times). Values are read as they are stored (Spark's CORRECTED
 * rebase mode); INT96 values before 1900 are refused: Spark reads them through calendar rebase
 * modes that depend on the writer.
 */
final class ParquetChunks {
  /** The columns to read, in record order, one per line (names may hold commas). */
  private static final String COLUMNS = "ctl.parquet.columns";
  /** How messages name the table, e.g. "ctl.data.train (path)". */
  private static final String SOURCE = "ctl.parquet.source";
  /** "true" when the last of the columns is the time column. */
  private static final String TIMED = "ctl.parquet.timed";
  /** "true" when the time column holds INT96 values. */
  private static final String INT96 = "ctl.parquet.int96";
  /** 1900-01-01T00:00:00Z in microseconds: Spark rebases no INT96 instant from then on. */
  private static final long INT96_REBASE_SWITCH = -2_208_988_800_000_000L;
  /** Rows per batch of column vectors: Spark SQL's default (spark.sql.parquet.batchSize). */
  private static final int BATCH = 4096;

  /**
   * Null when this JVM's Spark has the vectorized reader this class drives (a Java class of
   * Spark SQL's internals, not a stable API: built and tested against the Spark in pom.xml);
   * otherwise why not, and tables are then read through Spark SQL.
   */
  private static final String READER_PROBLEM = readerProblem();

  private ParquetChunks() {
  }

  /** Why Spark's vectorized reader is not the one this class drives, or null when it is. */
  static String readerProblem() {
    try {
      VectorizedParquetRecordReader.class.getConstructor(ZoneId.class, String.class,
          String.class, String.class, String.class, boolean.class, int.class);
      VectorizedParquetRecordReader.class.getMethod("nextBatch");
      VectorizedParquetRecordReader.class.getMethod("resultBatch");
      ParquetReadSupport.class.getMethod("SPARK_ROW_REQUESTED_SCHEMA");
      return null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return "this Spark's vectorized Parquet reader is not the one ctl-spark was built against ("
          + e + ")";
    }
  }

  /**
   * Why the direct reader cannot read {@code columns} of a file with this schema, or null when it
   * can (Spark's reader is the one it drives; each column present, a top-level primitive of a
   * type it converts); the time column {@code timeCol} (null for none) must hold instants it
   * converts ({@link #readsAsTime}).
   */
  static String unsupported(MessageType schema, List<String> columns, String timeCol) {
    if (READER_PROBLEM != null) {
      return READER_PROBLEM;
    }
    if (timeCol != null) {
      if (!schema.containsField(timeCol)) {
        return "no column '" + timeCol + "'";
      }
      Type t = schema.getType(timeCol);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
          || !readsAsTime(t.asPrimitiveType())) {
        return "time column '" + timeCol + "' is " + t.toString().trim();
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      if (!schema.containsField(name)) {
        return "no column '" + name + "'";
      }
      Type t = schema.getType(name);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
          || !(i == 0 ? readsAsTask(t.asPrimitiveType()) : readsAsNumber(t.asPrimitiveType()))) {
        return "column '" + name + "' is " + t.toString().trim();
      }
    }
    return null;
  }

  private static boolean readsAsNumber(PrimitiveType t) {
    return switch (t.getPrimitiveTypeName()) {
      case DOUBLE, FLOAT -> t.getLogicalTypeAnnotation() == null;
      case INT32, INT64 -> signedInteger(t);
      default -> false;
    };
  }

  private static boolean readsAsTask(PrimitiveType t) {
    return t.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
        ? LogicalTypeAnnotation.stringType().equals(t.getLogicalTypeAnnotation())
        : (t.getPrimitiveTypeName() == PrimitiveTypeName.INT32
            || t.getPrimitiveTypeName() == PrimitiveTypeName.INT64) && signedInteger(t);
  }

  /** Instants Spark SQL reads as its TimestampType: INT96, or INT64 millis or micros in UTC. */
  private static boolean readsAsTime(PrimitiveType t) {
    if (t.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
      return t.getLogicalTypeAnnotation() == null;
    }
    return t.getPrimitiveTypeName() == PrimitiveTypeName.INT64
        && t.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
        && ts.isAdjustedToUTC() && (ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS
            || ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS);
  }

  private static boolean signedInteger(PrimitiveType t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
        && i.isSigned();
  }

  /**
   * The rows of the table at {@code path} as chunks, like {@link CsvChunks#read}.
   *
   * @param schema the table's first file's schema, checked with {@link #unsupported}
   * @param columns the task column, the label column, then the features, in record order
   * @param split 0 for training rows, 1 for test rows
   * @param source how messages name the table
   * @param calendar computes the columns named in {@link FeatureSpec#CALENDAR} from its time
   *     column; null when there are none
   * @param observedTime the time column of the seasonal naive's observations, which the chunks
   *     then keep ({@link RowChunk#observe}; the calendar's time column when there is one), or
   *     null for none. The caller has checked it with {@link #unsupported}.
   */
  static JavaPairRDD<String, RowChunk> read(JavaSparkContext jsc, String path,
      MessageType schema, List<String> columns, int split, String source,
      CalendarFeatures calendar, String observedTime) {
    int d = columns.size() - 2;
    // The columns read: task, label, the features that are not calendar ones, then the time.
    List<String> read = new ArrayList<>(columns.subList(0, 2));
    // valueAt[j]: feature j's index in RowValues.values (the label is at 0), or -1 (calendar).
    int[] valueAt = new int[d];
    // calendarAt[k]: the feature index of calendar feature k, or -1.
    int[] calendarAt = new int[FeatureSpec.CALENDAR.size()];
    Arrays.fill(calendarAt, -1);
    for (int j = 0; j < d; j++) {
      int k = calendar == null ? -1 : FeatureSpec.CALENDAR.indexOf(columns.get(j + 2));
      if (k >= 0) {
        calendarAt[k] = j;
        valueAt[j] = -1;
      } else {
        valueAt[j] = read.size() - 1;
        read.add(columns.get(j + 2));
      }
    }
    if (calendar != null && observedTime != null && !observedTime.equals(calendar.timeCol())) {
      throw new IllegalArgumentException("one time column: the calendar's ("
          + calendar.timeCol() + ") or the observations' (" + observedTime + ")");
    }
    String timeCol = calendar != null ? calendar.timeCol() : observedTime;
    if (timeCol != null) {
      read.add(timeCol);
    }
    boolean observe = observedTime != null;
    return rows(jsc, path, schema, read, timeCol != null, source).mapPartitionsWithInputSplit(
        (in, it) -> new SplitReader((FileSplit) in, split, valueAt, columns.get(0), calendar,
            calendarAt, observe).chunks(it), false).mapToPair(t -> t);
  }

  /**
   * The rows of the files at {@code path} as {@link RowValues} (one object, refilled for each
   * row): {@code columns} read, the last one the time column when {@code timed}, in the types
   * they have in {@code schema}.
   */
  @SuppressWarnings("unchecked")
  private static JavaNewHadoopRDD<Void, Object> rows(JavaSparkContext jsc, String path,
      MessageType schema, List<String> columns, boolean timed, String source) {
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.set(ParquetInputFormat.READ_SUPPORT_CLASS, RowReadSupport.class.getName());
    conf.set(COLUMNS, String.join("\n", columns));
    conf.set(SOURCE, source);
    conf.setBoolean(TIMED, timed);
    conf.setBoolean(INT96, timed && schema.getType(columns.get(columns.size() - 1))
        .asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT96);
    // What Spark's reader reads the columns into, and the settings its schema converter takes
    // from the configuration (as Spark's Parquet source sets them from its SQL configuration:
    // their defaults, but strings as strings and INT96 as instants).
    conf.set(ParquetReadSupport.SPARK_ROW_REQUESTED_SCHEMA(), sparkSchema(schema, columns).json());
    conf.setBoolean(SQLConf.PARQUET_BINARY_AS_STRING().key(), false);
    conf.setBoolean(SQLConf.PARQUET_INT96_AS_TIMESTAMP().key(), true);
    conf.setBoolean(SQLConf.CASE_SENSITIVE().key(), false);
    conf.setBoolean(SQLConf.PARQUET_INFER_TIMESTAMP_NTZ_ENABLED().key(), true);
    conf.setBoolean(SQLConf.LEGACY_PARQUET_NANOS_AS_LONG().key(), false);
    // The values are the RowValues BatchRows fills (the input format's type is erased).
    return (JavaNewHadoopRDD<Void, Object>) jsc.newAPIHadoopFile(path, BatchInputFormat.class,
        Void.class, Object.class, conf);
  }

  /** The Spark SQL types {@code columns} of {@code schema} are read into, in that order. */
  private static StructType sparkSchema(MessageType schema, List<String> columns) {
    StructType s = new StructType();
    for (String c : columns) {
      s = s.add(c, sparkType(schema.getType(c).asPrimitiveType()));
    }
    return s;
  }

  /**
   * The Spark SQL type Spark's Parquet reader gives a column of a type {@link #unsupported}
   * accepts.
   */
  private static DataType sparkType(PrimitiveType t) {
    return switch (t.getPrimitiveTypeName()) {
      case BINARY -> DataTypes.StringType;
      case DOUBLE -> DataTypes.DoubleType;
      case FLOAT -> DataTypes.FloatType;
      case INT96 -> DataTypes.TimestampType;
      case INT64 -> t.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
          ? DataTypes.TimestampType : DataTypes.LongType;
      case INT32 -> t.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
          ? switch (i.getBitWidth()) {
            case 8 -> DataTypes.ByteType;
            case 16 -> DataTypes.ShortType;
            default -> DataTypes.IntegerType;
          }
          : DataTypes.IntegerType;
      default -> throw new IllegalArgumentException("not a type the reader takes: " + t);
    };
  }

  private static BadInputException emptyTask(String file, String taskCol) {
    return new BadInputException(file + ": empty value in task column '" + taskCol + "'");
  }

  /** One split's rows into chunks, in the order read (the order of the file). */
  private static final class SplitReader {
    private final String file;
    private final long start;
    private final int split;
    private final int d;
    private final int[] valueAt;
    private final String taskCol;
    private final CalendarFeatures calendar;
    private final int[] calendarAt;
    // Whether each row with a finite label is kept as an observation for the seasonal naive.
    private final boolean observe;
    private final ChunkBuffer buffer;
    private final double[] xs;
    private long row;
    private String lastTask;
    private RowChunk last;

    SplitReader(FileSplit in, int split, int[] valueAt, String taskCol,
        CalendarFeatures calendar, int[] calendarAt, boolean observe) {
      this.file = in.getPath().toString();
      this.start = in.getStart();
      this.split = split;
      this.d = valueAt.length;
      this.valueAt = valueAt;
      this.taskCol = taskCol;
      this.calendar = calendar;
      this.calendarAt = calendarAt;
      this.observe = observe;
      this.buffer = new ChunkBuffer(d);
      this.xs = new double[d];
    }

    Iterator<Tuple2<String, RowChunk>> chunks(Iterator<Tuple2<Void, Object>> rows) {
      return buffer.drain(rows, r -> read((RowValues) r._2()));
    }

    private void read(RowValues r) {
      long position = row++;
      if (r.task == null) {
        throw emptyTask(file, taskCol);
      }
      if (last == null || !r.task.equals(lastTask)) {
        lastTask = r.task;
        last = buffer.open(r.task, split, file, start);
      }
      if (calendar != null) {
        if (!r.hasTime) {
          throw calendar.unreadable(file, null, r.task);
        }
        calendar.fill(r.time, xs, calendarAt);
      }
      double[] v = r.values;
      boolean finite = Double.isFinite(v[0]);
      if (observe && finite) {
        last.observe(r.hasTime ? r.time : Double.NaN, split, v[0]);
      }
      for (int j = 0; j < d; j++) {
        if (valueAt[j] >= 0) {
          xs[j] = v[valueAt[j]];
        }
        finite &= Double.isFinite(xs[j]);
      }
      if (finite) {
        last.add(position, xs, v[0]);
      } else {
        last.dropped++;
      }
      if (buffer.added(last)) {
        last = null;
      }
    }
  }

  /**
   * One row as read: the task id (null when missing), the label and features (NaN where
   * missing) and the time in epoch microseconds (when {@code hasTime}). The reader fills the
   * same object for every row.
   */
  static final class RowValues {
    String task;
    final double[] values;
    long time;
    boolean hasTime;

    RowValues(int numbers) {
      values = new double[numbers];
    }
  }

  /**
   * parquet-hadoop's hook that says which columns of a file to read, as Spark's vectorized reader
   * asks it for each file: the columns named in the configuration, after checking that the file
   * holds them in the types the table's first file holds them in. Public with a no-argument
   * constructor: the reader creates it by name.
   */
  public static final class RowReadSupport extends ReadSupport<Object> {
    @Override
    public ReadContext init(InitContext context) {
      Configuration conf = context.getConfiguration();
      List<String> columns = Arrays.asList(conf.get(COLUMNS).split("\n", -1));
      MessageType file = context.getFileSchema();
      boolean timed = conf.getBoolean(TIMED, false);
      int untimed = columns.size() - (timed ? 1 : 0);
      String problem = unsupported(file, columns.subList(0, untimed),
          timed ? columns.get(untimed) : null);
      StructType expected = (StructType) DataType.fromJson(
          conf.get(ParquetReadSupport.SPARK_ROW_REQUESTED_SCHEMA()));
      for (int i = 0; i < columns.size() && problem == null; i++) {
        PrimitiveType t = file.getType(columns.get(i)).asPrimitiveType();
        boolean int96 = t.getPrimitiveTypeName() == PrimitiveTypeName.INT96;
        if (!sparkType(t).equals(expected.fields()[i].dataType())
            || timed && i == untimed && int96 != conf.getBoolean(INT96, false)) {
          problem = "column '" + columns.get(i) + "' is " + t.toString().trim() + " (the first "
              + "file's is read as " + expected.fields()[i].dataType().simpleString() + ")";
        }
      }
      if (problem != null) {
        // The driver checked the table's first file; this one differs from it.
        throw new BadInputException(conf.get(SOURCE) + ": the files of one table must have the "
            + "same columns and types: a file has " + problem);
      }
      Types.MessageTypeBuilder requested = Types.buildMessage();
      for (String c : columns) {
        requested.addField(file.getType(c));
      }
      return new ReadContext(requested.named(file.getName()));
    }

    /** Never called: Spark's vectorized reader decodes the columns itself. */
    @Override
    public RecordMaterializer<Object> prepareForRead(Configuration conf,
        Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext context) {
      throw new UnsupportedOperationException("read with Spark's vectorized reader");
    }
  }

  /**
   * Parquet's input format (its listing of files and its splits) with Spark's vectorized reader
   * behind each split. Public with a no-argument constructor: Spark creates it by class.
   */
  public static final class BatchInputFormat extends ParquetInputFormat<Object> {
    @Override
    public RecordReader<Void, Object> createRecordReader(InputSplit split,
        TaskAttemptContext context) {
      return new BatchRows();
    }
  }

  /**
   * A split's rows one at a time as {@link RowValues}, from the batches of column vectors that
   * Spark's vectorized Parquet reader decodes (the columns in the configured order: task, the
   * numbers, then the time when there is one).
   */
  private static final class BatchRows extends RecordReader<Void, Object> {
    private static final int DOUBLE = 0;
    private static final int FLOAT = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int SHORT = 4;
    private static final int BYTE = 5;
    private VectorizedParquetRecordReader batches;
    private ColumnarBatch batch;
    private RowValues row;
    private ColumnVector task;
    /** The task column's kind, or -1 for strings. */
    private int taskKind;
    private ColumnVector[] numbers;
    private int[] kinds;
    // Per column of the current batch: whether it has missing values. A column without any (the
    // usual case) is read without asking of each value whether it is missing: that question was
    // 8% of the executors' samples loading 2,000 tasks (JFR).
    private boolean[] nullable;
    private ColumnVector time;
    private boolean int96;
    private String source;
    private int at;
    private int size;
    private UTF8String lastId;
    private long lastNumber;
    private String lastTask;

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context)
        throws IOException, InterruptedException {
      FileSplit s = (FileSplit) split;
      Configuration conf = context.getConfiguration();
      // Values as stored (no calendar rebase: Spark's CORRECTED mode) and no time zone shift of
      // INT96 values, as Spark reads files it wrote; INT96 before 1900 is refused below.
      batches = new VectorizedParquetRecordReader(null, "CORRECTED", "UTC", "CORRECTED", "UTC",
          false, BATCH);
      // Spark's reader takes the older API's split, as Spark's Parquet source makes it.
      batches.initialize(new org.apache.hadoop.mapred.FileSplit(s.getPath(), s.getStart(),
          s.getLength(), new String[0]), context);
      batch = batches.resultBatch();
      int timed = conf.getBoolean(TIMED, false) ? 1 : 0;
      int n = batch.numCols() - 1 - timed;
      row = new RowValues(n);
      task = batch.column(0);
      taskKind = task.dataType().equals(DataTypes.StringType) ? -1 : kind(task.dataType());
      numbers = new ColumnVector[n];
      kinds = new int[n];
      nullable = new boolean[n];
      for (int i = 0; i < n; i++) {
        numbers[i] = batch.column(i + 1);
        kinds[i] = kind(numbers[i].dataType());
      }
      time = timed == 1 ? batch.column(batch.numCols() - 1) : null;
      int96 = conf.getBoolean(INT96, false);
      source = conf.get(SOURCE);
    }

    private static int kind(DataType t) {
      if (t.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      } else if (t.equals(DataTypes.FloatType)) {
        return FLOAT;
      } else if (t.equals(DataTypes.LongType)) {
        return LONG;
      } else if (t.equals(DataTypes.IntegerType)) {
        return INT;
      } else if (t.equals(DataTypes.ShortType)) {
        return SHORT;
      } else if (t.equals(DataTypes.ByteType)) {
        return BYTE;
      }
      throw new IllegalStateException("not a number type: " + t);
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      while (++at >= size) {
        if (!batches.nextBatch()) {
          return false;
        }
        at = -1;
        size = batch.numRows();
        for (int j = 0; j < numbers.length; j++) {
          nullable[j] = numbers[j].hasNull();
        }
      }
      fill(at);
      return true;
    }

    /** Fills {@link #row} with the batch's row {@code i}, as Spark SQL casts the values. */
    private void fill(int i) {
      row.task = task.isNullAt(i) ? null : taskKind < 0 ? stringTask(i) : numberTask(i);
      double[] v = row.values;
      for (int j = 0; j < v.length; j++) {
        ColumnVector c = numbers[j];
        v[j] = nullable[j] && c.isNullAt(i) ? Double.NaN : switch (kinds[j]) {
          case DOUBLE -> c.getDouble(i);
          case FLOAT -> c.getFloat(i);
          case LONG -> c.getLong(i);
          case INT -> c.getInt(i);
          case SHORT -> c.getShort(i);
          default -> c.getByte(i);
        };
      }
      row.hasTime = time != null && !time.isNullAt(i);
      if (row.hasTime) {
        row.time = time.getLong(i);
        if (int96 && row.time < INT96_REBASE_SWITCH) {
          throw new BadInputException(source + ": the time column holds an INT96 timestamp "
              + "before 1900 (" + Instant.EPOCH.plus(row.time, ChronoUnit.MICROS) + "), which "
              + "Spark reads in the calendar of the program that wrote it; write the column as "
              + "INT64 timestamps (Spark: spark.sql.parquet.outputTimestampType = "
              + "TIMESTAMP_MICROS)");
        }
      }
    }

    /** The previous row's String again when the bytes are the same (a task's rows follow). */
    private String stringTask(int i) {
      UTF8String id = task.getUTF8String(i);
      if (lastTask == null || !id.equals(lastId)) {
        // The vector's bytes are overwritten by the next batch: keep a copy.
        lastId = id.clone();
        lastTask = id.toString();
      }
      return lastTask;
    }

    private String numberTask(int i) {
      long id = switch (taskKind) {
        case LONG -> task.getLong(i);
        case SHORT -> task.getShort(i);
        case BYTE -> task.getByte(i);
        default -> task.getInt(i);
      };
      if (lastTask == null || id != lastNumber) {
        lastNumber = id;
        lastTask = Long.toString(id);
      }
      return lastTask;
    }

    @Override
    public Void getCurrentKey() {
      return null;
    }

    @Override
    public Object getCurrentValue() {
      return row;
    }

    @Override
    public float getProgress() throws IOException {
      return batches.getProgress();
    }

    @Override
    public void close() throws IOException {
      if (batches != null) {
        batches.close();
      }
    }
  }
}
