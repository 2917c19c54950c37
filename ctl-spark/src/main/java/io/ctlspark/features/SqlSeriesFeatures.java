package io.ctlspark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Samples and the gap report built with Spark SQL window functions and aggregations: how
 * ctl-spark built them from raw series until {@link SeriesFeatures#fromLong} did it per series
 * in Java (commit c0264b5, its checks of bad rows, duplicates and short series left out). It
 * stays as the independent reference the tests compare fromLong with, bit for bit, and as the
 * "before" of {@code ctl bench --forecast}; runs do not use it.
 */
public final class SqlSeriesFeatures {
  /** One sample per row, the columns of {@link SeriesFeatures#samplesSchema}. */
  public final Dataset<Row> samples;
  /** The series with gaps or missing values, in id order. */
  public final List<SeriesGaps> gaps;

  private SqlSeriesFeatures(Dataset<Row> samples, List<SeriesGaps> gaps) {
    this.samples = samples;
    this.gaps = gaps;
  }

  /** The samples and gap report of {@code raw}, as {@link SeriesFeatures#fromLong} makes them. */
  public static SqlSeriesFeatures fromLong(Dataset<Row> raw, String source, FeatureSpec spec,
      TimeSplit split, boolean forecastAhead) {
    Dataset<Row> rows = SeriesFeatures.parsed(raw, source, spec);
    List<SeriesGaps> gaps = report(rows, spec);
    long dt = spec.intervalMicros;
    int reach = spec.reach();
    Dataset<Row> observed = rows.filter(SeriesFeatures.isFinite(col("_v")))
        .select("_s", SeriesFeatures.TIME, "_v");
    String time = SeriesFeatures.TIME;
    if (forecastAhead) {
      Dataset<Row> last = observed.groupBy("_s").agg(max(time).as("_last"));
      Dataset<Row> aheadRows = last.select(col("_s"),
          explode(sequence(lit(1L), lit((long) spec.horizon))).as("_k"), col("_last"))
          .select(col("_s"), col("_last").plus(col("_k").multiply(lit(dt))).as(time),
              lit(null).cast("double").as("_v"));
      observed = observed.unionByName(aheadRows);
    }
    WindowSpec w = Window.partitionBy("_s").orderBy(time);
    List<Column> cols = new ArrayList<>();
    cols.add(col("_s").as(spec.seriesCol));
    cols.add(col(time));
    cols.add(col("_v").as(spec.valueCol));
    for (int k : spec.allLags()) {
      cols.add(lag(col("_v"), spec.horizon - 1 + k).over(w).as(FeatureSpec.LAG_PREFIX + k));
    }
    cols.add(col(time).minus(lag(col(time), reach).over(w)).equalTo(lit(reach * dt))
        .as("_full"));
    Dataset<Row> samples = observed.select(cols.toArray(new Column[0]))
        .filter(col("_full")).drop("_full");
    if (spec.addsCalendar()) {
      samples = SeriesFeatures.withCalendarOf(samples, col(time), spec.timeZone);
    }
    Column code = lit(null).cast("int");
    if (split != null) {
      // The split rule is TimeSplit's own (checked by hand in SeriesFeaturesTest).
      code = udf((UDF2<Long, Integer, Integer>) (t, p) -> split.code(t, p),
          DataTypes.IntegerType).apply(col(time),
          row_number().over(Window.partitionBy(spec.seriesCol).orderBy(time)));
    }
    return new SqlSeriesFeatures(samples.withColumn(SeriesFeatures.SPLIT, code), gaps);
  }

  private static List<SeriesGaps> report(Dataset<Row> parsed, FeatureSpec spec) {
    String time = SeriesFeatures.TIME;
    Dataset<Row> observed = parsed.select(col("_s"), col(time),
        SeriesFeatures.isFinite(col("_v")).as("_ok"));
    long dt = spec.intervalMicros;
    int reach = spec.reach();
    WindowSpec w = Window.partitionBy("_s").orderBy(time);
    Column step = col(time).minus(lag(col(time), 1).over(w));
    Column span = col(time).minus(lag(col(time), reach).over(w));
    Dataset<Row> perRow = observed.filter(col("_ok")).select(col("_s"), col(time),
        step.as("step"), span.as("span"));
    Dataset<Row> perSeries = perRow.groupBy("_s").agg(
        sum(when(col("step").notEqual(lit(dt)), 1).otherwise(0)).as("gaps"),
        sum(when(col("step").gt(lit(dt)), col("step").divide(lit(dt)).cast("long").minus(1))
            .otherwise(0)).as("missing"),
        sum(when(col("span").isNotNull().and(col("span").notEqual(lit(reach * dt))), 1)
            .otherwise(0)).as("dropped"));
    Dataset<Row> missingValues = observed.groupBy("_s")
        .agg(sum(when(col("_ok"), 0).otherwise(1)).as("nulls"), count(lit(1)).as("n"));
    List<SeriesGaps> out = new ArrayList<>();
    for (Row r : perSeries.join(missingValues, "_s", "right").orderBy("_s")
        .collectAsList()) {
      long gaps = r.getLong(r.fieldIndex("gaps"));
      long nulls = r.getLong(r.fieldIndex("nulls"));
      if (gaps > 0 || nulls > 0) {
        out.add(new SeriesGaps(r.getString(r.fieldIndex("_s")), gaps,
            r.getLong(r.fieldIndex("missing")), r.getLong(r.fieldIndex("dropped")), nulls));
      }
    }
    return out;
  }
}
