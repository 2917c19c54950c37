package io.ctlspark.data;

import io.ctlspark.BadInputException;
import io.ctlspark.features.CalendarFeatures;
import io.ctlspark.features.ChunkStream;
import io.ctlspark.features.FeatureSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.parquet.hadoop.ParquetInputFormat;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
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
import scala.Tuple2;

/**
 * Reads a wide Parquet table (a file, folder or glob on any Hadoop file system) straight into
 * {@link RowChunk}s with parquet-hadoop's record reader: only the task, label and feature
 * columns are decoded, each value goes from its column into a row's array of doubles, and
 * neither a Spark SQL session nor a plan, internal row or projection is needed. Measured:
 * the whole load of the benchmark's T = 2,000 table (reading, shuffle, records) 1.96 s through
 * Spark SQL's scan against 1.13 s to 1.30 s here (`bin/ctl bench --ingest`), and a T = 2,000
 * `train` on Parquet 16 s to 19 s against 12 s to 13 s, mostly Spark SQL's start and plans.
 *
 * <p>It takes the column types whose values it converts exactly as Spark SQL's cast to double
 * (or, for the task column, to string) does: numbers stored as DOUBLE, FLOAT, or INT32 and INT64
 * without a logical type other than signed integers; task ids as strings (BINARY with the STRING
 * annotation) or such integers; top-level columns, required or optional. A table with any other
 * type among the columns read ({@link #unsupported}) goes through Spark SQL, which converts it
 * (decimals, numbers written as strings) or rejects it as before. A missing value (null) in a
 * number column drops the row as non-finite; in the task column it is an error.
 *
 * <p>A time column (for calendar features and the seasonal naive's observations) is read when
 * it holds instants as Spark SQL reads them into its TimestampType: INT96 (Spark's default
 * writer type) or INT64 TIMESTAMP(MILLIS or MICROS) adjusted to UTC; Spark SQL's path takes any
 * other (strings, local date-times). INT96 values before 1900 are refused: Spark reads them
 * through calendar rebase modes that depend on the writer.
 */
final class ParquetChunks {
  /** The columns to read, in record order, one per line (names may hold commas). */
  private static final String COLUMNS = "ctl.parquet.columns";
  /** How messages name the table, e.g. "ctl.data.train (path)". */
  private static final String SOURCE = "ctl.parquet.source";
  /** "true" when the last of the columns is the time column. */
  private static final String TIMED = "ctl.parquet.timed";
  /** 1900-01-01T00:00:00Z in microseconds: Spark rebases no INT96 instant from then on. */
  private static final long INT96_REBASE_SWITCH = -2_208_988_800_000_000L;
  /** The Julian day of 1970-01-01. */
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private ParquetChunks() {
  }

  /**
   * Why the direct reader cannot read {@code columns} of a file with this schema, or null when it
   * can (each column present, a top-level primitive of a type it converts); the time column
   * {@code timeCol} (null for none) must hold instants it converts ({@link #readsAsTime}).
   */
  static String unsupported(MessageType schema, List<String> columns, String timeCol) {
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
   * @param columns the task column, the label column, then the features, in record order
   * @param split 0 for training rows, 1 for test rows
   * @param source how messages name the table
   * @param calendar computes the columns named in {@link FeatureSpec#CALENDAR} from its time
   *     column; null when there are none
   */
  static JavaPairRDD<String, RowChunk> read(JavaSparkContext jsc, String path,
      List<String> columns, int split, String source, CalendarFeatures calendar) {
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
    if (calendar != null) {
      read.add(calendar.timeCol());
    }
    return rows(jsc, path, read, calendar != null, source).mapPartitionsWithInputSplit(
        (in, it) -> new SplitReader((FileSplit) in, split, valueAt, columns.get(0), calendar,
            calendarAt).chunks(it), false).mapToPair(t -> t);
  }

  /**
   * The observations of a wide Parquet table for the seasonal naive forecast, like {@link
   * CsvChunks#observations}: (task, {time in epoch microseconds or NaN when missing, split,
   * label}) of every row whose label is a finite number. The caller has checked the time column
   * with {@link #unsupported}.
   */
  static JavaPairRDD<String, double[]> observations(JavaSparkContext jsc, String path,
      String taskCol, String timeCol, String labelCol, int split, String source) {
    return rows(jsc, path, List.of(taskCol, labelCol, timeCol), true, source)
        .mapPartitionsWithInputSplit((in, it) -> {
          String file = ((FileSplit) in).getPath().toString();
          // Lazily, as Spark pulls them: a split's observations are never all in memory.
          Deque<Tuple2<String, double[]>> ready = new ArrayDeque<>(1);
          return ChunkStream.<Tuple2<Void, Object>, Tuple2<String, double[]>>of(it, r -> {
            RowValues v = (RowValues) r._2();
            if (v.task == null) {
              throw emptyTask(file, taskCol);
            }
            if (Double.isFinite(v.values[0])) {
              ready.add(new Tuple2<>(v.task, new double[] {v.hasTime ? v.time : Double.NaN,
                  split, v.values[0]}));
            }
          }, ready, () -> { });
        }, false).mapToPair(t -> t);
  }

  /**
   * The rows of the files at {@code path} as {@link RowValues} (one object, refilled for each
   * row): {@code columns} read, the last one the time column when {@code timed}.
   */
  @SuppressWarnings("unchecked")
  private static JavaNewHadoopRDD<Void, Object> rows(JavaSparkContext jsc, String path,
      List<String> columns, boolean timed, String source) {
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.set(ParquetInputFormat.READ_SUPPORT_CLASS, RowReadSupport.class.getName());
    conf.set(COLUMNS, String.join("\n", columns));
    conf.set(SOURCE, source);
    conf.setBoolean(TIMED, timed);
    // The values are the RowValues RowReadSupport fills (the input format's type is erased).
    return (JavaNewHadoopRDD<Void, Object>) jsc.newAPIHadoopFile(path, ParquetInputFormat.class,
        Void.class, Object.class, conf);
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
    private final ChunkBuffer buffer;
    private final double[] xs;
    private long row;
    private String lastTask;
    private RowChunk last;

    SplitReader(FileSplit in, int split, int[] valueAt, String taskCol,
        CalendarFeatures calendar, int[] calendarAt) {
      this.file = in.getPath().toString();
      this.start = in.getStart();
      this.split = split;
      this.d = valueAt.length;
      this.valueAt = valueAt;
      this.taskCol = taskCol;
      this.calendar = calendar;
      this.calendarAt = calendarAt;
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
      for (int j = 0; j < d; j++) {
        if (valueAt[j] >= 0) {
          xs[j] = v[valueAt[j]];
        }
        finite &= Double.isFinite(xs[j]);
      }
      if (!finite) {
        last.dropped++;
        return;
      }
      last.add(position, xs, v[0]);
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
   * parquet-hadoop's hook for a record type: asks for the columns to read and makes the
   * converters that fill a {@link RowValues}. Public with a no-argument constructor: the input
   * format creates it by name.
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

    @Override
    public RecordMaterializer<Object> prepareForRead(Configuration conf,
        Map<String, String> keyValueMetaData, MessageType fileSchema, ReadContext context) {
      MessageType schema = context.getRequestedSchema();
      int timed = conf.getBoolean(TIMED, false) ? 1 : 0;
      RowValues row = new RowValues(schema.getFieldCount() - 1 - timed);
      Converter[] fields = new Converter[schema.getFieldCount()];
      fields[0] = new TaskConverter(row);
      for (int i = 1; i < fields.length - timed; i++) {
        fields[i] = new NumberConverter(row.values, i - 1);
      }
      if (timed == 1) {
        PrimitiveType time = schema.getType(fields.length - 1).asPrimitiveType();
        fields[fields.length - 1] = new TimeConverter(row, time, conf.get(SOURCE));
      }
      GroupConverter root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return fields[fieldIndex];
        }

        @Override
        public void start() {
          row.task = null;
          row.hasTime = false;
          Arrays.fill(row.values, Double.NaN);
        }

        @Override
        public void end() {
        }
      };
      return new RecordMaterializer<>() {
        @Override
        public Object getCurrentRecord() {
          return row;
        }

        @Override
        public GroupConverter getRootConverter() {
          return root;
        }
      };
    }
  }

  /** A number column's value as a double (Java's widening: what Spark SQL's cast gives). */
  private static final class NumberConverter extends PrimitiveConverter {
    private final double[] values;
    private final int at;

    NumberConverter(double[] values, int at) {
      this.values = values;
      this.at = at;
    }

    @Override
    public void addDouble(double value) {
      values[at] = value;
    }

    @Override
    public void addFloat(float value) {
      values[at] = value;
    }

    @Override
    public void addInt(int value) {
      values[at] = value;
    }

    @Override
    public void addLong(long value) {
      values[at] = value;
    }
  }

  /**
   * An instant as Spark SQL reads it into its TimestampType, in epoch microseconds: INT64 millis
   * (times 1,000) or micros; INT96 as (nanoseconds of the day, Julian day), which Spark reads as
   * they are from 1900 on.
   */
  private static final class TimeConverter extends PrimitiveConverter {
    private final RowValues row;
    private final boolean millis;
    private final String source;

    TimeConverter(RowValues row, PrimitiveType type, String source) {
      this.row = row;
      this.millis = type.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
          && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS;
      this.source = source;
    }

    @Override
    public void addLong(long value) {
      row.time = millis ? Math.multiplyExact(value, 1000L) : value;
      row.hasTime = true;
    }

    @Override
    public void addBinary(Binary value) {
      ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = b.getLong();
      long julianDay = b.getInt();
      long micros = (julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000;
      if (micros < INT96_REBASE_SWITCH) {
        throw new BadInputException(source + ": the time column holds an INT96 timestamp before "
            + "1900 (" + Instant.EPOCH.plus(micros, ChronoUnit.MICROS) + "), which Spark reads "
            + "in the calendar of the program that wrote it; write the column as INT64 "
            + "timestamps (Spark: spark.sql.parquet.outputTimestampType = TIMESTAMP_MICROS)");
      }
      row.time = micros;
      row.hasTime = true;
    }
  }

  /**
   * The task id as a String (integers as Spark SQL casts them); the previous row's String again
   * when the bytes are the same, as rows of a task usually follow each other.
   */
  private static final class TaskConverter extends PrimitiveConverter {
    private final RowValues row;
    private Binary lastId;
    private String lastTask;

    TaskConverter(RowValues row) {
      this.row = row;
    }

    @Override
    public void addBinary(Binary value) {
      if (lastTask == null || !value.equals(lastId)) {
        // The reader may reuse the bytes behind value: keep a copy.
        lastId = value.copy();
        lastTask = value.toStringUsingUTF8();
      }
      row.task = lastTask;
    }

    @Override
    public void addInt(int value) {
      row.task = Integer.toString(value);
    }

    @Override
    public void addLong(long value) {
      row.task = Long.toString(value);
    }
  }
}
