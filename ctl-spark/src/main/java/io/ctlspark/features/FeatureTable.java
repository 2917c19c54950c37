package io.ctlspark.features;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Samples built from raw series ({@link SeriesFeatures#fromLong}), computed per series from the
 * series' observations, which stay cached until {@link #release}: as flat arrays per series
 * ({@link #samples}) or as a DataFrame ({@link #rows}).
 */
public final class FeatureTable {
  private final SparkSession spark;
  private final FeatureSpec spec;
  private final TimeSplit split;
  private final boolean forecastAhead;
  private final List<SeriesGaps> gaps;
  private final JavaPairRDD<String, SeriesObservations> series;

  FeatureTable(SparkSession spark, FeatureSpec spec, TimeSplit split, boolean forecastAhead,
      List<SeriesGaps> gaps, JavaPairRDD<String, SeriesObservations> series) {
    this.spark = spark;
    this.spec = spec;
    this.split = split;
    this.forecastAhead = forecastAhead;
    this.gaps = gaps;
    this.series = series;
  }

  /** Each series' samples, in its partition (hashed by series id). */
  public JavaRDD<SeriesSamples> samples() {
    return samplesBySeries().values();
  }

  /**
   * The ids of the series that give at least one sample, found without building the samples:
   * the same ids as those of the non-empty {@link #samples}, at a fraction of their cost.
   */
  public JavaRDD<String> seriesWithSamples() {
    FeatureSpec spec = this.spec;
    boolean ahead = forecastAhead;
    return series.filter(t -> t._2().hasSamples(spec, ahead)).keys();
  }

  /**
   * The same by series id, with the partitioner that placed them: a join with another RDD
   * partitioned the same way shuffles only that one.
   */
  public JavaPairRDD<String, SeriesSamples> samplesBySeries() {
    FeatureSpec spec = this.spec;
    TimeSplit split = this.split;
    boolean ahead = forecastAhead;
    return series.mapValues(s -> s.samples(spec, split, ahead));
  }

  /**
   * The samples as a DataFrame, one row per (series, target time): columns {@link #taskCol}
   * (the series id), {@link SeriesFeatures#TIME} (target time, epoch microseconds),
   * {@link #labelCol} (the value at the target time; null for forecasts past the data), the
   * {@link #features} and {@link SeriesFeatures#SPLIT} (a {@link TimeSplit} code, or null when
   * in no split or none was asked for).
   */
  public Dataset<Row> rows() {
    return spark.createDataFrame(samples().flatMap(s -> s.rows().iterator()),
        SeriesFeatures.samplesSchema(spec));
  }

  public String taskCol() {
    return spec.seriesCol;
  }

  public String labelCol() {
    return spec.valueCol;
  }

  public List<String> features() {
    return spec.longFeatures();
  }

  /** The series with gaps or missing values, in id order. */
  public List<SeriesGaps> gaps() {
    return gaps;
  }

  /**
   * Each series' observed (finite) values ({@link SeriesObservations#times},
   * {@link SeriesObservations#values}), partitioned as {@link #samplesBySeries}.
   */
  public JavaPairRDD<String, SeriesObservations> observations() {
    return series;
  }

  /** Frees the series cached while building: call once the samples are consumed. */
  public void release() {
    series.unpersist(false);
  }
}
