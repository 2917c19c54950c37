package io.ctlspark.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.ctlspark.BadInputException;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasting samples from data. Long raw series (series id, timestamp, value) become one sample
 * per target time t + h, with lag_k the value at t + h - (h - 1 + k) intervals, k = 1..L (so lag_1
 * is the latest value the forecast may use), built with Spark window functions over each series
 * in time order; calendar features (hour, dayofweek and their sine/cosine) are taken at the target
 * time in the configured zone, as the paper's WEAVE features. A wide table gets the same calendar
 * features from its time column.
 */
public final class SeriesFeatures {
  /** Column of a sample's target time in epoch microseconds (also its order within a series). */
  public static final String TIME = "_t";
  /** Column of a sample's {@link TimeSplit} code. */
  public static final String SPLIT = "_split";
  private static final Logger LOG = LoggerFactory.getLogger(SeriesFeatures.class);

  private SeriesFeatures() {}

  /**
   * Samples from long raw series.
   *
   * @param source how to name the table in messages ("ctl.data.series (path)")
   * @param split the time split to mark, or null for none
   * @param forecastAhead also make the h samples past each series' last timestamp (label null):
   *     the forecasts a scoring job is run for
   * @param partitions partitions of the samples, hashed by series (the windows reuse them)
   */
  public static FeatureTable fromLong(Dataset<Row> raw, String source, FeatureSpec spec,
      TimeSplit split, boolean forecastAhead, int partitions) {
    requireColumns(raw, source, List.of(spec.seriesCol, spec.timeCol, spec.valueCol));
    ZoneId zone = spec.zone();
    Column value = numeric(raw, source, spec.valueCol);
    Dataset<Row> rows = raw.select(
        col(spec.seriesCol).cast("string").as("_s"),
        micros(raw, spec.timeCol, spec.timeZone).as(TIME),
        col(spec.timeCol).cast("string").as("_raw_t"),
        col(spec.valueCol).cast("string").as("_raw_v"),
        value.as("_v"),
        input_file_name().as("_file")).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      rejectBadRows(rows, source, spec, zone);
      rejectDuplicates(rows, source, spec, zone);
      return samples(rows, spec, split, forecastAhead, report(rows, source, spec, zone),
          partitions);
    } catch (RuntimeException e) {
      rows.unpersist(false);
      throw e;
    }
  }

  private static FeatureTable samples(Dataset<Row> rows, FeatureSpec spec, TimeSplit split,
      boolean forecastAhead, List<SeriesGaps> gaps, int partitions) {

    long dt = spec.intervalMicros;
    int reach = spec.reach();
    Dataset<Row> observed = observations(rows);
    if (forecastAhead) {
      Dataset<Row> last = observed.groupBy("_s").agg(max(TIME).as("_last"));
      Dataset<Row> ahead = last.select(col("_s"),
          explode(sequence(lit(1L), lit((long) spec.horizon))).as("_k"), col("_last"))
          .select(col("_s"), col("_last").plus(col("_k").multiply(lit(dt))).as(TIME),
              lit(null).cast("double").as("_v"));
      observed = observed.unionByName(ahead);
    }
    // Partitioned by series up front, so that the windows need no shuffle of their own and the
    // samples have the run's partition count (not spark.sql.shuffle.partitions).
    observed = observed.repartition(partitions, col("_s"));
    WindowSpec w = Window.partitionBy("_s").orderBy(TIME);
    List<Column> out = new ArrayList<>();
    out.add(col("_s").as(spec.seriesCol));
    out.add(col(TIME));
    out.add(col("_v").as(spec.valueCol));
    for (int k : spec.allLags()) {
      out.add(lag(col("_v"), spec.horizon - 1 + k).over(w).as(FeatureSpec.LAG_PREFIX + k));
    }
    // A sample is complete when its oldest lag lies exactly `reach` intervals back: no
    // timestamp in between is missing.
    out.add(col(TIME).minus(lag(col(TIME), reach).over(w)).equalTo(lit(reach * dt)).as("_full"));
    Dataset<Row> samples = observed.select(out.toArray(new Column[0]))
        .filter(col("_full")).drop("_full");
    if (spec.addsCalendar()) {
      samples = withCalendarOf(samples, col(TIME), spec.timeZone);
    }
    Column code = lit(null).cast("int");
    if (split != null) {
      code = split.assign(col(TIME), split.byRows()
          ? row_number().over(Window.partitionBy(spec.seriesCol).orderBy(TIME)) : lit(0));
    }
    samples = samples.withColumn(SPLIT, code);
    return new FeatureTable(samples, spec.seriesCol, spec.valueCol, spec.longFeatures(), gaps,
        rows);
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
  private static Dataset<Row> withCalendarOf(Dataset<Row> table, Column micros, String zoneId) {
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

  /**
   * (series, TIME, value) of every observed value of the parsed series: a missing or non-finite
   * value is a missing observation, where the series has a gap.
   */
  static Dataset<Row> observations(Dataset<Row> parsed) {
    return parsed.filter(finite(col("_v"))).select("_s", TIME, "_v");
  }

  /** Rows whose value is a finite number. */
  public static Column isFinite(Column v) {
    return finite(v);
  }

  /** Epoch microseconds of a timestamp column, or of text read in {@code zoneId}. */
  private static Column micros(Dataset<Row> table, String name, String zoneId) {
    DataType type = table.schema().apply(name).dataType();
    if (type.equals(DataTypes.TimestampType)) {
      return unix_micros(col(name));
    }
    UserDefinedFunction parse = udf((UDF1<String, Long>) s ->
        Timestamps.parseMicros(s, ZoneId.of(zoneId)), DataTypes.LongType);
    return parse.apply(col(name).cast("string"));
  }

  private static Column numeric(Dataset<Row> table, String source, String name) {
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

  private static void requireColumns(Dataset<Row> table, String source, List<String> needed) {
    List<String> names = Arrays.asList(table.columns());
    for (String c : needed) {
      if (!names.contains(c)) {
        throw new BadInputException(source + ": missing column '" + c + "'; columns are "
            + names);
      }
    }
  }

  /** An empty series id, an unreadable timestamp or a non-numeric value: the first one found. */
  private static void rejectBadRows(Dataset<Row> rows, String source, FeatureSpec spec,
      ZoneId zone) {
    Column problem = coalesce(
        when(col("_s").isNull(), lit("empty value in series column '" + spec.seriesCol + "'")),
        when(col("_raw_t").isNull(), concat(lit("empty timestamp in column '" + spec.timeCol
            + "' (series '"), col("_s"), lit("')"))),
        when(col(TIME).isNull(), concat(lit("column '" + spec.timeCol
            + "' has unreadable timestamp '"), col("_raw_t"), lit("' (series '"), col("_s"),
            lit("'); expected yyyy-MM-dd HH:mm[:ss], optionally with an offset, read in "
                + zone))),
        when(col("_raw_v").isNotNull().and(col("_v").isNull()), concat(lit("column '"
            + spec.valueCol + "' has non-numeric value '"), col("_raw_v"), lit("' (series '"),
            col("_s"), lit("', timestamp '"), col("_raw_t"), lit("')"))));
    List<Row> first = rows.select(col("_file"), problem.as("p"), col("_raw_t"), col("_s"),
        col(TIME)).filter(col("p").isNotNull()).takeAsList(1);
    if (!first.isEmpty()) {
      Row r = first.get(0);
      String file = r.getString(0);
      String raw = r.isNullAt(2) ? null : r.get(2).toString();
      if (r.isNullAt(4) && raw != null && Timestamps.skippedIn(raw, zone)) {
        // Well formed, but a wall-clock time the zone skips: not a format problem.
        throw new BadInputException((file.isEmpty() ? source : file) + ": column '"
            + spec.timeCol + "' has timestamp '" + raw + "' (series '" + r.getString(3)
            + "'), a time that does not exist in " + zone + " (the clocks skip it when they go "
            + "forward); give the data in UTC or with offsets, or set ctl.data.time-zone");
      }
      throw new BadInputException((file.isEmpty() ? source : file) + ": " + r.getString(1));
    }
  }

  private static BadInputException badTimestamp(String file, String source, FeatureSpec spec,
      String value, String series) {
    return CalendarFeatures.unreadable(file == null || file.isEmpty() ? source : file,
        spec.timeCol, spec.timeZone, value, series);
  }

  private static void rejectDuplicates(Dataset<Row> rows, String source, FeatureSpec spec,
      ZoneId zone) {
    List<Row> dup = rows.groupBy("_s", TIME).agg(count(lit(1)).as("n"), min("_raw_t").as("raw"))
        .filter(col("n").gt(1)).takeAsList(1);
    if (!dup.isEmpty()) {
      Row r = dup.get(0);
      throw new BadInputException(source + ": series '" + r.getString(0) + "' has "
          + r.getLong(2) + " rows for timestamp '" + r.getString(3) + "' ("
          + Timestamps.format(r.getLong(1), zone) + "); each (series, timestamp) must appear once");
    }
  }

  /**
   * Per series: rows, gaps (consecutive observed timestamps not one interval apart), missing
   * steps, samples whose lags span a gap, missing values. Refuses a series too short for one
   * sample, and with gaps = fail any gap, naming the series and where the gap is.
   */
  private static List<SeriesGaps> report(Dataset<Row> parsed, String source, FeatureSpec spec,
      ZoneId zone) {
    Dataset<Row> observed = parsed.select(col("_s"), col(TIME), finite(col("_v")).as("_ok"));
    long dt = spec.intervalMicros;
    int reach = spec.reach();
    WindowSpec w = Window.partitionBy("_s").orderBy(TIME);
    Dataset<Row> ok = observed.filter(col("_ok"));
    Column step = col(TIME).minus(lag(col(TIME), 1).over(w));
    Column span = col(TIME).minus(lag(col(TIME), reach).over(w));
    Dataset<Row> perRow = ok.select(col("_s"), col(TIME), step.as("step"), span.as("span"));
    Dataset<Row> perSeries = perRow.groupBy("_s").agg(
        count(lit(1)).as("rows"),
        sum(when(col("step").notEqual(lit(dt)), 1).otherwise(0)).as("gaps"),
        sum(when(col("step").gt(lit(dt)), col("step").divide(lit(dt)).cast("long").minus(1))
            .otherwise(0)).as("missing"),
        sum(when(col("span").isNotNull().and(col("span").notEqual(lit(reach * dt))), 1)
            .otherwise(0)).as("dropped"),
        min(when(col("step").notEqual(lit(dt)), col(TIME))).as("first_gap"),
        min(when(col("step").notEqual(lit(dt)), col(TIME).minus(col("step")))).as("gap_from"));
    Dataset<Row> missingValues = observed.groupBy("_s")
        .agg(sum(when(col("_ok"), 0).otherwise(1)).as("nulls"));
    List<Row> all = perSeries.join(missingValues, "_s", "right").orderBy("_s").collectAsList();
    List<SeriesGaps> out = new ArrayList<>();
    for (Row r : all) {
      String id = r.getString(r.fieldIndex("_s"));
      long rows = r.isNullAt(r.fieldIndex("rows")) ? 0 : r.getLong(r.fieldIndex("rows"));
      long nulls = r.getLong(r.fieldIndex("nulls"));
      if (rows < reach + 1) {
        throw new InvalidSettingException(source + ": series '" + id + "' has " + rows
            + " observed values; {0} = " + spec.lags + (spec.extraLags().isEmpty() ? ""
            : " and {2} = " + spec.extraLags()) + " with {1} = " + spec.horizon + " need"
            + (spec.extraLags().isEmpty() ? "s" : "") + " at least " + (reach + 1)
            + " for one sample", Setting.LAGS, Setting.HORIZON, Setting.EXTRA_LAGS);
      }
      long gaps = r.getLong(r.fieldIndex("gaps"));
      if (gaps == 0 && nulls == 0) {
        continue;
      }
      if (spec.gaps == GapPolicy.FAIL && gaps > 0) {
        throw new InvalidSettingException(source + ": series '" + id + "' has a gap between "
            + Timestamps.format(r.getLong(r.fieldIndex("gap_from")), zone) + " and "
            + Timestamps.format(r.getLong(r.fieldIndex("first_gap")), zone) + " (" + gaps
            + " gaps in all; interval " + java.time.Duration.ofNanos(dt * 1000) + "); set "
            + "{0} = drop to leave out the samples whose lags span a gap", Setting.GAPS);
      }
      SeriesGaps g = new SeriesGaps(id, gaps, r.getLong(r.fieldIndex("missing")),
          r.getLong(r.fieldIndex("dropped")), nulls);
      LOG.warn("series '{}': {} gaps ({} missing steps, {} missing values); {} samples left out",
          id, g.gaps(), g.missingSteps(), g.missingValues(), g.droppedSamples());
      out.add(g);
    }
    return out;
  }
}
