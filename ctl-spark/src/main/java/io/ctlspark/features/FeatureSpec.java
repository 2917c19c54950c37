package io.ctlspark.features;

import io.ctlspark.BadInputException;
import io.ctlspark.config.CtlConfig;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * How samples are made from data: the layout, the series, time and value columns, and the
 * forecasting features (lags, calendar, horizon, gaps) of ctl.data.* and ctl.features.*. A run's
 * manifest records it, so that predict builds exactly the features the models were trained on.
 */
public final class FeatureSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The calendar features, in this order, as the paper's WEAVE set. */
  public static final List<String> CALENDAR = List.of("hour", "dayofweek", "hour_sin", "hour_cos",
      "dow_sin", "dow_cos");
  /** Prefix of the lag features of the long layout: lag_1 ... lag_L. */
  public static final String LAG_PREFIX = "lag_";

  public final Layout layout;
  public final String seriesCol;
  /** The time column; null in a wide table without one (then no calendar features). */
  public final String timeCol;
  public final String valueCol;
  public final String timeZone;
  public final int lags;
  public final boolean calendar;
  public final int horizon;
  public final GapPolicy gaps;
  /** Sampling interval of the raw series, in microseconds. */
  public final long intervalMicros;

  public FeatureSpec(CtlConfig c) {
    layout = Layout.fromConfig("ctl.data.layout", c.requiredString("ctl.data.layout"));
    seriesCol = layout == Layout.LONG ? c.requiredString("ctl.data.series-col")
        : c.requiredString("ctl.data.task-col");
    String time = c.string("ctl.data.time-col");
    timeCol = time == null || time.isBlank() ? null : time;
    valueCol = layout == Layout.LONG ? c.requiredString("ctl.data.value-col")
        : c.requiredString("ctl.data.label-col");
    timeZone = c.requiredString("ctl.data.time-zone");
    Timestamps.zone("ctl.data.time-zone", timeZone);
    lags = c.integer("ctl.features.lags");
    calendar = c.bool("ctl.features.calendar");
    horizon = c.integer("ctl.features.horizon");
    gaps = GapPolicy.fromConfig("ctl.features.gaps", c.requiredString("ctl.features.gaps"));
    Duration interval = c.duration("ctl.features.interval");
    intervalMicros = interval.toNanos() / 1000;
    if (layout == Layout.LONG) {
      if (timeCol == null) {
        throw new BadInputException("ctl.data.time-col is required with ctl.data.layout = long");
      }
      if (lags < 1) {
        throw new BadInputException("ctl.features.lags: must be at least 1, got " + lags);
      }
      if (horizon < 1) {
        throw new BadInputException("ctl.features.horizon: must be at least 1, got " + horizon);
      }
      if (intervalMicros <= 0) {
        throw new BadInputException("ctl.features.interval: must be positive, got " + interval);
      }
    }
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether calendar features are added: asked for, and there is a time column to take them from. */
  public boolean addsCalendar() {
    return calendar && timeCol != null;
  }

  /** The features the long layout builds: lag_1 ... lag_L, then the calendar ones. */
  public List<String> longFeatures() {
    List<String> out = new ArrayList<>();
    for (int k = 1; k <= lags; k++) {
      out.add(LAG_PREFIX + k);
    }
    if (addsCalendar()) {
      out.addAll(CALENDAR);
    }
    return out;
  }
}
