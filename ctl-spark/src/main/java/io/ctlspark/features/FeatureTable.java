package io.ctlspark.features;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Samples built from raw series: one row per (series, target time) with columns {@code taskCol}
 * (the series id), {@link SeriesFeatures#TIME} (target time, epoch microseconds), {@code labelCol}
 * (the value at the target time; null for forecasts past the data), the {@code features} and
 * {@link SeriesFeatures#SPLIT} (a {@link TimeSplit} code, or null when no split was asked for).
 * The parsed input is cached (it feeds the checks, the gap report and the samples): release it.
 */
public record FeatureTable(Dataset<Row> rows, String taskCol, String labelCol,
    List<String> features, List<SeriesGaps> gaps, Dataset<Row> cached) {

  /** (series, time, value) of every observed value of the input, from the cached parse. */
  public Dataset<Row> observations() {
    return SeriesFeatures.observations(cached);
  }

  /** Frees the parsed input cached while building: call once the samples are consumed. */
  public void release() {
    cached.unpersist(false);
  }
}
