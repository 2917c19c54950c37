package io.ctlspark.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One series' samples in flat arrays, in time order: target times (epoch microseconds), labels
 * (NaN where there is none: the forecasts past the data), the features row by row (d per
 * sample, in {@link FeatureSpec#longFeatures} order) and split codes ({@link TimeSplit}, or
 * {@link #NONE}). What the task records and the baselines read directly, and what the samples'
 * DataFrame rows are made from.
 */
public final class SeriesSamples implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The split code of a sample in no split. */
  public static final int NONE = -1;
  public final String series;
  public final int d;
  public long[] time;
  public double[] label;
  public double[] x;
  public int[] split;
  private int size;

  SeriesSamples(String series, int d, int capacity) {
    this.series = series;
    this.d = d;
    time = new long[capacity];
    label = new double[capacity];
    x = new double[capacity * d];
    split = new int[capacity];
  }

  /** How many samples. */
  public int size() {
    return size;
  }

  void add(long t, double y, double[] xs, int code) {
    time[size] = t;
    label[size] = y;
    System.arraycopy(xs, 0, x, size * d, d);
    split[size] = code;
    size++;
  }

  SeriesSamples trimmed() {
    time = Arrays.copyOf(time, size);
    label = Arrays.copyOf(label, size);
    x = Arrays.copyOf(x, size * d);
    split = Arrays.copyOf(split, size);
    return this;
  }

  /**
   * The samples as rows of {@link SeriesFeatures#samplesSchema}: series, time, label, features,
   * split code; a missing label or value is null there, as SQL has it.
   */
  List<Row> rows() {
    List<Row> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Object[] row = new Object[d + 4];
      row[0] = series;
      row[1] = time[i];
      row[2] = orNull(label[i]);
      for (int j = 0; j < d; j++) {
        row[3 + j] = orNull(x[i * d + j]);
      }
      row[d + 3] = split[i] == NONE ? null : split[i];
      out.add(RowFactory.create(row));
    }
    return out;
  }

  /** Observed values are finite: NaN only ever stands for no value. */
  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
