package io.ctlspark.run;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Writes the stored task models ({@link RunOutput#MODEL_SCHEMA} rows) as Parquet from the
 * executors with parquet-hadoop, through Spark core's Hadoop commit protocol (a task's file
 * appears only when the task commits; retried and speculative attempts are resolved as for any
 * Hadoop output). The files carry what Spark SQL writes for the same rows, its Parquet schema
 * (strings as annotated binaries, arrays as three-level LISTs) and its schema metadata, so
 * {@code spark.read().parquet} gives MODEL_SCHEMA back; only the encoding differs (plain,
 * below). Spark SQL's own writer was the models' biggest cost in a run that otherwise needs no
 * SQL: its session state, query planning and code generation took 1.5 to 2 s before the first
 * row was written. parquet-hadoop is the one Spark SQL depends on and ships, so the files are
 * those of the Parquet release Spark reads.
 */
final class ModelParquet {
  /** The key under which Spark SQL keeps a Parquet file's Spark schema (ParquetReadSupport). */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  private ModelParquet() {
  }

  /** Writes {@code rows} (in {@link RunOutput#MODEL_SCHEMA}) to the new folder {@code path}. */
  static void write(SparkContext sc, JavaRDD<Row> rows, String path) {
    Configuration conf = new Configuration(sc.hadoopConfiguration());
    conf.set(ParquetOutputFormat.WRITE_SUPPORT_CLASS, RowWriteSupport.class.getName());
    conf.set(ParquetOutputFormat.COMPRESSION, CompressionCodecName.SNAPPY.name());
    // No _metadata summary files: Spark SQL does not write them either.
    conf.set(ParquetOutputFormat.JOB_SUMMARY_LEVEL, "NONE");
    // Plain encoding: parameters and statistics are almost all distinct doubles, so a dictionary
    // fills up and is thrown away; building it was a quarter of the writer's profile samples at
    // T = 100,000 (the files read the same; only their encoding differs from Spark SQL's).
    conf.setBoolean(ParquetOutputFormat.ENABLE_DICTIONARY, false);
    conf.set(SPARK_VERSION_KEY, sc.version());
    rows.mapToPair(r -> new Tuple2<Void, Row>(null, r))
        .saveAsNewAPIHadoopFile(path, Void.class, Row.class, ParquetOutputFormat.class, conf);
  }

  /**
   * The Parquet schema Spark SQL writes for {@code schema} (its standard, non-legacy layout), for
   * the column types MODEL_SCHEMA uses: string, int, double and arrays of double.
   */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (StructField f : schema.fields()) {
      message.addField(field(f.name(), f.dataType(), f.nullable()));
    }
    return message.named("spark_schema");
  }

  private static Type field(String name, DataType type, boolean nullable) {
    Type.Repetition repetition = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (type.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
    }
    if (type.equals(DataTypes.DoubleType)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
    }
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup()
              .addField(field("element", DataTypes.DoubleType, a.containsNull()))
              .named("list"))
          .named(name);
    }
    throw new IllegalArgumentException("no Parquet layout here for column '" + name + "' of type "
        + type.simpleString());
  }

  /**
   * Writes MODEL_SCHEMA rows (parquet-hadoop makes one per task attempt, by its class name).
   */
  public static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema = RunOutput.MODEL_SCHEMA;
    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration conf) {
      Map<String, String> meta = new HashMap<>();
      meta.put(SPARK_SCHEMA_KEY, schema.json());
      meta.put(SPARK_VERSION_KEY, conf.get(SPARK_VERSION_KEY));
      return new WriteContext(parquetSchema(schema), meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      out.startMessage();
      StructField[] fields = schema.fields();
      for (int i = 0; i < fields.length; i++) {
        if (row.isNullAt(i)) {
          continue;
        }
        out.startField(fields[i].name(), i);
        DataType type = fields[i].dataType();
        if (type.equals(DataTypes.StringType)) {
          out.addBinary(Binary.fromString(row.getString(i)));
        } else if (type.equals(DataTypes.IntegerType)) {
          out.addInteger(row.getInt(i));
        } else if (type.equals(DataTypes.DoubleType)) {
          out.addDouble(row.getDouble(i));
        } else {
          writeList((double[]) row.get(i));
        }
        out.endField(fields[i].name(), i);
      }
      out.endMessage();
    }

    /** A three-level LIST: an empty list is the group with no "list" field. */
    private void writeList(double[] values) {
      out.startGroup();
      if (values.length > 0) {
        out.startField("list", 0);
        for (double v : values) {
          out.startGroup();
          out.startField("element", 0);
          out.addDouble(v);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }
  }
}
