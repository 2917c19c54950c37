package io.ctlspark.features;

import io.ctlspark.BadInputException;
import java.io.Serializable;
import java.time.ZoneId;

/**
 * The calendar features of a timestamp ({@link FeatureSpec#CALENDAR}: hour, dayofweek with 0 =
 * Monday, hour_sin/cos = sin/cos(2 pi hour / 24), dow_sin/cos likewise over 7) computed in plain
 * Java, for readers that build records without Spark SQL. The arithmetic is the SQL path's
 * ({@link SeriesFeatures#withCalendar}) operation for operation, so both give the same doubles.
 */
public final class CalendarFeatures implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double TWO_PI = 2 * Math.PI;

  private final String timeCol;
  private final String zoneName;
  private transient ZoneId zone;

  /** From the spec's time column and zone; the spec must add calendar features. */
  public CalendarFeatures(FeatureSpec spec) {
    if (!spec.addsCalendar()) {
      throw new IllegalArgumentException("the spec adds no calendar features");
    }
    this.timeCol = spec.timeCol;
    this.zoneName = spec.timeZone;
  }

  public String timeCol() {
    return timeCol;
  }

  /**
   * Writes calendar feature k of the timestamp {@code text} (read as
   * {@link Timestamps#parseMicros} reads it) to {@code out[index[k]]}, for every k whose index is
   * not negative; returns false, writing nothing, when the text is not a readable timestamp.
   */
  public boolean fill(String text, double[] out, int[] index) {
    Long micros = Timestamps.parseMicros(text, zone());
    if (micros == null) {
      return false;
    }
    fill(micros, out, index);
    return true;
  }

  /** As {@link #fill(String, double[], int[])}, from epoch microseconds. */
  public void fill(long micros, double[] out, int[] index) {
    double h = Timestamps.hour(micros, zone());
    double d = Timestamps.dayOfWeek(micros, zone());
    double hAngle = h * TWO_PI / 24.0;
    double dAngle = d * TWO_PI / 7.0;
    double[] values = {h, d, Math.sin(hAngle), Math.cos(hAngle), Math.sin(dAngle),
        Math.cos(dAngle)};
    for (int k = 0; k < values.length; k++) {
      if (index[k] >= 0) {
        out[index[k]] = values[k];
      }
    }
  }

  /** The error for an empty ({@code value} null) or unreadable timestamp of a series. */
  public BadInputException unreadable(String where, String value, String series) {
    return unreadable(where, timeCol, zoneName, value, series);
  }

  static BadInputException unreadable(String where, String timeCol, String zone, String value,
      String series) {
    return new BadInputException(where + ": " + unreadableText(timeCol, zone, value, series));
  }

  /**
   * What is wrong with an empty ({@code value} null) or unreadable timestamp, without where. A
   * well-formed wall-clock time that {@code zone} skips (the hour the clocks go forward) is not
   * a format problem and is said so, for wide tables and raw series alike.
   */
  static String unreadableText(String timeCol, String zone, String value, String series) {
    if (value != null && Timestamps.skippedIn(value, ZoneId.of(zone))) {
      return "column '" + timeCol + "' has timestamp '" + value + "' (series '" + series
          + "'), a time that does not exist in " + zone + " (the clocks skip it when they "
          + "go forward); give the data in UTC or with offsets, or set ctl.data.time-zone";
    }
    return "column '" + timeCol + "' has "
        + (value == null ? "an empty timestamp" : "unreadable timestamp '" + value + "'")
        + " (series '" + series + "'); expected yyyy-MM-dd HH:mm[:ss], optionally with an "
        + "offset, read in " + zone;
  }

  private ZoneId zone() {
    if (zone == null) {
      zone = ZoneId.of(zoneName);
    }
    return zone;
  }
}
