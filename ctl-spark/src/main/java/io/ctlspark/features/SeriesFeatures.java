package io.ctlspark.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;

import io.ctlspark.BadInputException;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Forecasting samples from data. Long raw series (series id, timestamp, value) become one sample
 * per target time t + h, with lag_k the value at t + h - (h - 1 + k) intervals, k = 1..L (so lag_1
 * is the latest value the forecast may use), built per series in time order; calendar features
 * (hour, dayofweek and their sine/cosine) are taken at the target time in the configured zone, as
 * the paper's WEAVE features. A wide table gets the same calendar features from its time column.
 */
public final class SeriesFeatures {
  /** Column of a sample's target time in epoch microseconds (also its order within a series). */
  public static final String TIME = "_t";
  /** Column of a sample's {@link TimeSplit} code. */
  public static final String SPLIT = "_split";
  private static final Logger LOG = LoggerFactory.getLogger(SeriesFeatures.class);

  private SeriesFeatures() {}

  /**
   * Samples from long raw series: the rows are parsed by one Spark SQL projection (so that
   * values and timestamps read as everywhere else), gathered per series in one shuffle
   * ({@link SeriesChunk}s), checked, and turned into samples in plain Java per series
   * ({@link SeriesObservations}). Jobs: the shuffle with the checks and the gap report, then
   * whatever reads the samples.
   *
   * @param source how to name the table in messages ("ctl.data.series (path)")
   * @param split the time split to mark, or null for none
   * @param forecastAhead also make the h samples past each series' last timestamp (label null):
   *     the forecasts a scoring job is run for
   * @param partitions partitions of the samples, hashed by series
   */
  public static FeatureTable fromLong(Dataset<Row> raw, String source, FeatureSpec spec,
      TimeSplit split, boolean forecastAhead, int partitions) {
    requireColumns(raw, source, List.of(spec.seriesCol, spec.timeCol, spec.valueCol));
    Dataset<Row> rows = parsed(raw, source, spec);
    // Kept partitioned by series id: predict joins the models to the series where they lie.
    JavaPairRDD<String, SeriesObservations> series = rows.queryExecution().toRdd().toJavaRDD()
        .mapPartitionsToPair(it -> chunks(it, source, spec))
        .groupByKey(new HashPartitioner(partitions))
        .mapPartitionsToPair(SeriesFeatures::merged, true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long dt = spec.intervalMicros;
      int reach = spec.reach();
      List<SeriesStats> stats;
      try {
        stats = new ArrayList<>(series.values().map(s -> s.stats(dt, reach)).collect());
      } catch (Exception e) {
        // A bad row found on an executor: Spark wraps the exception.
        BadInputException bad = BadInputException.findIn(e);
        if (bad != null) {
          throw new BadInputException(bad.getMessage(), e);
        }
        throw e;
      }
      // In the order Spark sorts strings (by their UTF-8 bytes), as the report was before.
      stats.sort(Comparator.comparing(st -> UTF8String.fromString(st.id)));
      for (SeriesStats st : stats) {
        if (st.duplicate) {
          rejectDuplicates(rows, source, spec, st.id);
        }
      }
      List<SeriesGaps> gaps = report(stats, source, spec);
      return new FeatureTable(raw.sparkSession(), spec, split, forecastAhead, gaps, series);
    } catch (RuntimeException e) {
      series.unpersist(false);
      throw e;
    }
  }

  /**
   * (_s, TIME, _raw_t, _raw_v, _v, _file): series id, time in epoch microseconds (null when
   * unreadable), time and value as text, value as a double (null when missing or not a number),
   * and the file the row came from.
   */
  static Dataset<Row> parsed(Dataset<Row> raw, String source, FeatureSpec spec) {
    return raw.select(
        col(spec.seriesCol).cast("string").as("_s"),
        micros(raw, spec.timeCol, spec.timeZone).as(TIME),
        col(spec.timeCol).cast("string").as("_raw_t"),
        col(spec.valueCol).cast("string").as("_raw_v"),
        numeric(raw, source, spec.valueCol).as("_v"),
        input_file_name().as("_file"));
  }

  /** The columns of {@link #fromLong}'s samples, as {@link FeatureTable} describes them. */
  static StructType samplesSchema(FeatureSpec spec) {
    StructType schema = new StructType()
        .add(spec.seriesCol, DataTypes.StringType, false)
        .add(TIME, DataTypes.LongType, false)
        .add(spec.valueCol, DataTypes.DoubleType, true);
    for (String f : spec.longFeatures()) {
      schema = schema.add(f, DataTypes.DoubleType, true);
    }
    return schema.add(SPLIT, DataTypes.IntegerType, true);
  }

  /**
   * One partition of {@link #parsed} rows gathered into a chunk per series, each row checked
   * first: an empty series id or timestamp, an unreadable timestamp or a non-numeric value is an
   * error naming the file (the source when unknown), the series and the value. Lazily, as Spark
   * pulls chunks: a full chunk is shipped at once, the others when the partition ends.
   */
  private static Iterator<Tuple2<String, SeriesChunk>> chunks(Iterator<InternalRow> rows,
      String source, FeatureSpec spec) {
    OpenChunks open = new OpenChunks(source, spec);
    return ChunkStream.of(rows, open::read, open.ready, open::flush);
  }

  /** One partition's chunks: open ones by series id, and those ready to ship. */
  private static final class OpenChunks {
    private final String source;
    private final FeatureSpec spec;
    private final ZoneId zone;
    private final Map<String, SeriesChunk> open = new HashMap<>();
    final ArrayDeque<Tuple2<String, SeriesChunk>> ready = new ArrayDeque<>();
    // The last row's series: input is usually sorted by series, so most rows skip the lookup.
    private UTF8String lastId;
    private SeriesChunk last;

    OpenChunks(String source, FeatureSpec spec) {
      this.source = source;
      this.spec = spec;
      this.zone = spec.zone();
    }

    void read(InternalRow r) {
      String problem = problem(r, spec, zone);
      if (problem != null) {
        String file = r.getUTF8String(5).toString();
        throw new BadInputException((file.isEmpty() ? source : file) + ": " + problem);
      }
      UTF8String s = r.getUTF8String(0);
      if (last == null || !s.equals(lastId)) {
        // The row's strings point into a buffer the scan reuses: keep a copy.
        lastId = s.clone();
        last = open.computeIfAbsent(lastId.toString(), k -> new SeriesChunk());
      }
      last.add(r.getLong(1), r.isNullAt(4) ? Double.NaN : r.getDouble(4));
      if (last.full()) {
        ready.add(new Tuple2<>(lastId.toString(), last.trimmed()));
        open.remove(lastId.toString());
        last = null;
      }
    }

    void flush() {
      open.forEach((id, c) -> ready.add(new Tuple2<>(id, c.trimmed())));
      open.clear();
      last = null;
    }
  }

  /** Each grouped series merged, as Spark pulls them. */
  private static Iterator<Tuple2<String, SeriesObservations>> merged(
      Iterator<Tuple2<String, Iterable<SeriesChunk>>> groups) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return groups.hasNext();
      }

      @Override
      public Tuple2<String, SeriesObservations> next() {
        Tuple2<String, Iterable<SeriesChunk>> g = groups.next();
        return new Tuple2<>(g._1(), SeriesObservations.merge(g._1(), g._2()));
      }
    };
  }

  /** Why a {@link #parsed} row cannot be read, or null when it can. */
  private static String problem(InternalRow r, FeatureSpec spec, ZoneId zone) {
    if (r.isNullAt(0)) {
      return "empty value in series column '" + spec.seriesCol + "'";
    }
    String series = r.getUTF8String(0).toString();
    if (r.isNullAt(2)) {
      return "empty timestamp in column '" + spec.timeCol + "' (series '" + series + "')";
    }
    if (r.isNullAt(1)) {
      return CalendarFeatures.unreadableText(spec.timeCol, zone.getId(),
          r.getUTF8String(2).toString(), series);
    }
    if (!r.isNullAt(3) && r.isNullAt(4)) {
      return "column '" + spec.valueCol + "' has non-numeric value '" + r.getUTF8String(3)
          + "' (series '" + series + "', timestamp '" + r.getUTF8String(2) + "')";
    }
    return null;
  }

  /**
   * A wide table with the calendar features of its time column added (when the spec asks for
   * them and names a time column) and {@link #TIME} holding that time; an unreadable timestamp
   * is an error naming file and series.
   */
  public static Dataset<Row> withCalendar(Dataset<Row> table, String source, FeatureSpec spec) {
    if (!spec.addsCalendar()) {
      return table;
    }
    requireColumns(table, source, List.of(spec.timeCol));
    Dataset<Row> timed = table.withColumn(TIME, micros(table, spec.timeCol, spec.timeZone));
    Dataset<Row> bad = timed.filter(col(TIME).isNull())
        .select(input_file_name(), col(spec.timeCol).cast("string"), col(spec.seriesCol));
    List<Row> first = bad.takeAsList(1);
    if (!first.isEmpty()) {
      throw badTimestamp(first.get(0).getString(0), source, spec, first.get(0).getString(1),
          String.valueOf(first.get(0).get(2)));
    }
    return withCalendarOf(timed, col(TIME), spec.timeZone);
  }

  /** hour, dayofweek (0 = Monday), hour_sin/cos = sin/cos(2 pi hour / 24), dow_sin/cos (/ 7). */
  static Dataset<Row> withCalendarOf(Dataset<Row> table, Column micros, String zoneId) {
    UserDefinedFunction hour = udf((UDF1<Long, Integer>) t -> t == null ? null
        : Timestamps.hour(t, ZoneId.of(zoneId)), DataTypes.IntegerType);
    UserDefinedFunction dow = udf((UDF1<Long, Integer>) t -> t == null ? null
        : Timestamps.dayOfWeek(t, ZoneId.of(zoneId)), DataTypes.IntegerType);
    Column h = hour.apply(micros).cast("double");
    Column d = dow.apply(micros).cast("double");
    Column hAngle = h.multiply(lit(2 * Math.PI)).divide(lit(24.0));
    Column dAngle = d.multiply(lit(2 * Math.PI)).divide(lit(7.0));
    return table.withColumn("hour", h).withColumn("dayofweek", d)
        .withColumn("hour_sin", sin(hAngle)).withColumn("hour_cos", cos(hAngle))
        .withColumn("dow_sin", sin(dAngle)).withColumn("dow_cos", cos(dAngle));
  }

  private static Column finite(Column v) {
    return v.isNotNull().and(not(isnan(v))).and(abs(v).lt(lit(Double.POSITIVE_INFINITY)));
  }

  /**
   * The table with {@link #TIME} (epoch microseconds) from the spec's time column, when it has
   * that column and not yet TIME; unchanged otherwise (an unreadable time gives null).
   */
  public static Dataset<Row> withTime(Dataset<Row> table, FeatureSpec spec) {
    List<String> columns = List.of(table.columns());
    if (columns.contains(TIME) || spec.timeCol == null || !columns.contains(spec.timeCol)) {
      return table;
    }
    return table.withColumn(TIME, micros(table, spec.timeCol, spec.timeZone));
  }

  /** Rows whose value is a finite number. */
  public static Column isFinite(Column v) {
    return finite(v);
  }

  /** Epoch microseconds of a timestamp column, or of text read in {@code zoneId}. */
  static Column micros(Dataset<Row> table, String name, String zoneId) {
    DataType type = table.schema().apply(name).dataType();
    if (type.equals(DataTypes.TimestampType)) {
      return unix_micros(col(name));
    }
    UserDefinedFunction parse = udf((UDF1<String, Long>) s ->
        Timestamps.parseMicros(s, ZoneId.of(zoneId)), DataTypes.LongType);
    return parse.apply(col(name).cast("string"));
  }

  static Column numeric(Dataset<Row> table, String source, String name) {
    DataType type = table.schema().apply(name).dataType();
    if (type instanceof NumericType) {
      return col(name).cast("double");
    }
    if (!type.equals(DataTypes.StringType)) {
      throw new BadInputException(source + ": column '" + name + "' has type "
          + type.simpleString() + ", not a number");
    }
    return col(name).try_cast("double");
  }

  static void requireColumns(Dataset<Row> table, String source, List<String> needed) {
    List<String> names = Arrays.asList(table.columns());
    for (String c : needed) {
      if (!names.contains(c)) {
        throw new BadInputException(source + ": missing column '" + c + "'; columns are "
            + names);
      }
    }
  }

  private static BadInputException badTimestamp(String file, String source, FeatureSpec spec,
      String value, String series) {
    return CalendarFeatures.unreadable(file == null || file.isEmpty() ? source : file,
        spec.timeCol, spec.timeZone, value, series);
  }

  /**
   * Refuses the duplicate timestamps of series {@code series} (the first in id order with one),
   * naming one repeated timestamp as written and how many rows have it (a second, SQL query: on
   * this error path only).
   */
  private static void rejectDuplicates(Dataset<Row> rows, String source, FeatureSpec spec,
      String series) {
    List<Row> dup = rows.filter(col("_s").equalTo(lit(series))).groupBy("_s", TIME)
        .agg(count(lit(1)).as("n"), min("_raw_t").as("raw")).filter(col("n").gt(1))
        .orderBy(TIME).takeAsList(1);
    if (dup.isEmpty()) {
      throw new IllegalStateException("series '" + series + "' has a repeated timestamp, but "
          + "the query that names it found none");
    }
    Row r = dup.get(0);
    throw new BadInputException(source + ": series '" + r.getString(0) + "' has "
        + r.getLong(2) + " rows for timestamp '" + r.getString(3) + "' ("
        + Timestamps.format(r.getLong(1), spec.zone())
        + "); each (series, timestamp) must appear once");
  }

  /**
   * Per series (in id order): refuses a series too short for one sample, and with gaps = fail
   * any gap, naming the series and where the gap is; otherwise reports each series with gaps or
   * missing values.
   */
  private static List<SeriesGaps> report(List<SeriesStats> stats, String source,
      FeatureSpec spec) {
    ZoneId zone = spec.zone();
    int reach = spec.reach();
    List<SeriesGaps> out = new ArrayList<>();
    for (SeriesStats r : stats) {
      if (r.rows < reach + 1) {
        throw new InvalidSettingException(source + ": series '" + r.id + "' has " + r.rows
            + " observed values; {0} = " + spec.lags + (spec.extraLags().isEmpty() ? ""
            : " and {2} = " + spec.extraLags()) + " with {1} = " + spec.horizon + " need"
            + (spec.extraLags().isEmpty() ? "s" : "") + " at least " + (reach + 1)
            + " for one sample", Setting.LAGS, Setting.HORIZON, Setting.EXTRA_LAGS);
      }
      if (r.gaps == 0 && r.missingValues == 0) {
        continue;
      }
      if (spec.gaps == GapPolicy.FAIL && r.gaps > 0) {
        throw new InvalidSettingException(source + ": series '" + r.id + "' has a gap between "
            + Timestamps.format(r.gapFrom, zone) + " and "
            + Timestamps.format(r.firstGap, zone) + " (" + r.gaps
            + " gaps in all; interval " + java.time.Duration.ofNanos(spec.intervalMicros * 1000)
            + "); set {0} = drop to leave out the samples whose lags span a gap", Setting.GAPS);
      }
      SeriesGaps g = new SeriesGaps(r.id, r.gaps, r.missingSteps, r.droppedSamples,
          r.missingValues);
      LOG.warn("series '{}': {} gaps ({} missing steps, {} missing values); {} samples left out",
          r.id, g.gaps(), g.missingSteps(), g.missingValues(), g.droppedSamples());
      out.add(g);
    }
    return out;
  }
}
