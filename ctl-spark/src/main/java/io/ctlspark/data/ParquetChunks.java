package io.ctlspark.data;

import io.ctlspark.BadInputException;
import java.util.Arrays;
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
 */
final class ParquetChunks {
  /** The columns to read, in record order, one per line (names may hold commas). */
  private static final String COLUMNS = "ctl.parquet.columns";
  /** How messages name the table, e.g. "ctl.data.train (path)". */
  private static final String SOURCE = "ctl.parquet.source";

  private ParquetChunks() {
  }

  /**
   * Why the direct reader cannot read {@code columns} of a file with this schema, or null when it
   * can (each column present, a top-level primitive of a type it converts).
   */
  static String unsupported(MessageType schema, List<String> columns) {
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
   */
  @SuppressWarnings("unchecked")
  static JavaPairRDD<String, RowChunk> read(JavaSparkContext jsc, String path,
      List<String> columns, int split, String source) {
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.set(ParquetInputFormat.READ_SUPPORT_CLASS, RowReadSupport.class.getName());
    conf.set(COLUMNS, String.join("\n", columns));
    conf.set(SOURCE, source);
    int d = columns.size() - 2;
    // The values are the RowValues RowReadSupport fills (the input format's type is erased).
    JavaNewHadoopRDD<Void, Object> rows = (JavaNewHadoopRDD<Void, Object>)
        jsc.newAPIHadoopFile(path, ParquetInputFormat.class, Void.class, Object.class, conf);
    return rows.mapPartitionsWithInputSplit((in, it) -> new SplitReader(
        (FileSplit) in, split, d, columns.get(0)).chunks(it), false).mapToPair(t -> t);
  }

  /** One split's rows into chunks, in the order read (the order of the file). */
  private static final class SplitReader {
    private final String file;
    private final long start;
    private final int split;
    private final int d;
    private final String taskCol;
    private final ChunkBuffer buffer;
    private final double[] xs;
    private long row;
    private String lastTask;
    private RowChunk last;

    SplitReader(FileSplit in, int split, int d, String taskCol) {
      this.file = in.getPath().toString();
      this.start = in.getStart();
      this.split = split;
      this.d = d;
      this.taskCol = taskCol;
      this.buffer = new ChunkBuffer(d);
      this.xs = new double[d];
    }

    Iterator<Tuple2<String, RowChunk>> chunks(Iterator<Tuple2<Void, Object>> rows) {
      return buffer.drain(rows, r -> read((RowValues) r._2()));
    }

    private void read(RowValues r) {
      long position = row++;
      if (r.task == null) {
        throw new BadInputException(file + ": empty value in task column '" + taskCol + "'");
      }
      if (last == null || !r.task.equals(lastTask)) {
        lastTask = r.task;
        last = buffer.open(r.task, split, file, start);
      }
      double[] v = r.values;
      boolean finite = Double.isFinite(v[0]);
      for (int j = 0; j < d; j++) {
        xs[j] = v[j + 1];
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
   * One row as read: the task id (null when missing) and the label and features (NaN where
   * missing). The reader fills the same object for every row.
   */
  static final class RowValues {
    String task;
    final double[] values;

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
      String problem = unsupported(file, columns);
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
      RowValues row = new RowValues(schema.getFieldCount() - 1);
      Converter[] fields = new Converter[schema.getFieldCount()];
      fields[0] = new TaskConverter(row);
      for (int i = 1; i < fields.length; i++) {
        fields[i] = new NumberConverter(row.values, i - 1);
      }
      GroupConverter root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return fields[fieldIndex];
        }

        @Override
        public void start() {
          row.task = null;
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
