package io.ctlspark.features;

import io.ctlspark.config.ConfigName;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
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
  /** Lags past 1..lags (ascending, each above lags): e.g. 168, a week back on hourly data. */
  private final int[] extraLags;
  public final boolean calendar;
  public final int horizon;
  public final GapPolicy gaps;
  /** Sampling interval of the raw series, in microseconds. */
  public final long intervalMicros;

  /**
   * @param seriesCol the series column (long layout) or the task column (wide layout)
   * @param timeCol the time column, or null
   * @param valueCol the value column (long layout) or the label column (wide layout)
   */
  public FeatureSpec(Layout layout, String seriesCol, String timeCol, String valueCol,
      String timeZone, int lags, int[] extraLags, boolean calendar, int horizon,
      GapPolicy gaps, Duration interval) {
    this.layout = layout;
    this.seriesCol = seriesCol;
    this.timeCol = timeCol == null || timeCol.isBlank() ? null : timeCol;
    this.valueCol = valueCol;
    this.timeZone = timeZone;
    Timestamps.zone(Setting.TIME_ZONE, timeZone);
    this.lags = lags;
    this.extraLags = extraLags.clone();
    this.calendar = calendar;
    this.horizon = horizon;
    this.gaps = gaps;
    this.intervalMicros = interval.toNanos() / 1000;
    if (layout == Layout.LONG) {
      if (this.timeCol == null) {
        throw new InvalidSettingException("{0} is required with {1} = long", Setting.TIME_COL,
            Setting.LAYOUT);
      }
      if (lags < 1) {
        throw new InvalidSettingException("{0}: must be at least 1, got " + lags, Setting.LAGS);
      }
      if (horizon < 1) {
        throw new InvalidSettingException("{0}: must be at least 1, got " + horizon,
            Setting.HORIZON);
      }
      for (int i = 0; i < extraLags.length; i++) {
        if (extraLags[i] <= (i == 0 ? lags : extraLags[i - 1])) {
          throw new InvalidSettingException("{0}: expected lags in ascending order, each "
              + "above {1} = " + lags + " (which already gives 1.." + lags + "), got "
              + java.util.Arrays.toString(extraLags), Setting.EXTRA_LAGS, Setting.LAGS);
        }
      }
      if (intervalMicros <= 0) {
        throw new InvalidSettingException("{0}: must be positive, got " + interval,
            Setting.INTERVAL);
      }
    }
  }

  /** The feature settings of {@code src}. */
  public static FeatureSpec from(SettingSource src) {
    Layout layout = ConfigName.parse(Layout.class, Setting.LAYOUT, src.string(Setting.LAYOUT));
    boolean isLong = layout == Layout.LONG;
    return new FeatureSpec(layout,
        src.requiredString(isLong ? Setting.SERIES_COL : Setting.TASK_COL),
        src.optionalString(Setting.TIME_COL),
        src.requiredString(isLong ? Setting.VALUE_COL : Setting.LABEL_COL),
        src.requiredString(Setting.TIME_ZONE), src.integer(Setting.LAGS),
        wholeNumbers(Setting.EXTRA_LAGS, src.stringList(Setting.EXTRA_LAGS)),
        src.bool(Setting.CALENDAR), src.integer(Setting.HORIZON),
        ConfigName.parse(GapPolicy.class, Setting.GAPS, src.string(Setting.GAPS)),
        src.duration(Setting.INTERVAL));
  }

  private static int[] wholeNumbers(Setting s, List<String> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Integer.parseInt(values.get(i).trim());
      } catch (NumberFormatException e) {
        throw new InvalidSettingException("{0}: expected whole numbers, got '" + values.get(i)
            + "'", s);
      }
    }
    return out;
  }

  /** ctl.features.extra-lags: the lags past 1..lags, ascending. */
  public List<Integer> extraLags() {
    return java.util.Arrays.stream(extraLags).boxed().toList();
  }

  /** Every lag a sample holds, ascending: 1..lags, then the extra lags. */
  public int[] allLags() {
    int[] out = new int[lags + extraLags.length];
    for (int k = 1; k <= lags; k++) {
      out[k - 1] = k;
    }
    System.arraycopy(extraLags, 0, out, lags, extraLags.length);
    return out;
  }

  /** How many intervals back a sample's oldest lag lies: horizon - 1 + the largest lag. */
  public int reach() {
    return horizon - 1 + (extraLags.length == 0 ? lags : extraLags[extraLags.length - 1]);
  }

  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Whether calendar features are added: asked for, and there is a time column to take them from. */
  public boolean addsCalendar() {
    return calendar && timeCol != null;
  }

  /**
   * The features the long layout builds: lag_1 ... lag_L, the extra lags (lag_168, ...), then
   * the calendar ones.
   */
  public List<String> longFeatures() {
    List<String> out = new ArrayList<>();
    for (int k : allLags()) {
      out.add(LAG_PREFIX + k);
    }
    if (addsCalendar()) {
      out.addAll(CALENDAR);
    }
    return out;
  }
}
