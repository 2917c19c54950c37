package io.ctlspark.features;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;

/**
 * Timestamps as the feature builder sees them: instants in epoch microseconds (Spark's own
 * timestamp unit), read from text in a configured time zone, with calendar fields taken in that
 * zone. Done with java.time rather than Spark's to_timestamp because Spark parses in the session
 * time zone (one per application) and silently moves wall-clock times that do not exist in it;
 * here a zone is per job and a nonexistent local time is bad input.
 */
public final class Timestamps {
  /**
   * yyyy-MM-dd, optionally followed by a 'T' or a space and HH:mm[:ss[.fraction]] and an offset
   * (Z, +01:00). Without an offset the wall-clock time is read in the configured zone; a date alone
   * is its midnight.
   */
  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart()
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .optionalStart().appendOffsetId().optionalEnd()
      .optionalEnd()
      .toFormatter();

  private Timestamps() {}

  /** The zone named by {@code key}, or an error naming the key. */
  public static ZoneId zone(Setting setting, String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new InvalidSettingException("{0}: unknown time zone '" + name + "' (use a region "
          + "such as Europe/London, or UTC)", setting);
    }
  }

  /**
   * Epoch microseconds of {@code text}, or null when it is not a timestamp of the accepted form
   * or names a wall-clock time that does not exist in {@code zone} (skipped by a DST change).
   */
  public static Long parseMicros(String text, ZoneId zone) {
    if (text == null) {
      return null;
    }
    try {
      TemporalAccessor t = FORMAT.parseBest(text.trim(), OffsetDateTime::from,
          LocalDateTime::from, LocalDate::from);
      Instant instant;
      if (t instanceof OffsetDateTime o) {
        instant = o.toInstant();
      } else {
        LocalDateTime local = t instanceof LocalDate day ? day.atStartOfDay() : (LocalDateTime) t;
        if (zone.getRules().getValidOffsets(local).isEmpty()) {
          return null;
        }
        // In an overlap (clocks going back) the earlier offset is taken, as java.time does.
        instant = local.atZone(zone).toInstant();
      }
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /** Whether {@code text} is a well-formed local time that {@code zone} skips (DST). */
  public static boolean skippedIn(String text, ZoneId zone) {
    try {
      TemporalAccessor t = FORMAT.parseBest(text.trim(), OffsetDateTime::from,
          LocalDateTime::from, LocalDate::from);
      return t instanceof LocalDateTime local && zone.getRules().getValidOffsets(local).isEmpty();
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** A configured timestamp (ctl.split.*), or an error naming the key. */
  public static long parseSetting(Setting setting, String text, ZoneId zone) {
    Long t = parseMicros(text, zone);
    if (t == null) {
      throw new InvalidSettingException("{0}: cannot read '" + text + "' as a timestamp "
          + "(yyyy-MM-dd HH:mm[:ss], optionally with an offset, in " + zone + ")", setting);
    }
    return t;
  }

  static ZonedDateTime at(long micros, ZoneId zone) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L).atZone(zone);
  }

  /** Hour of day 0..23 in {@code zone}. */
  public static int hour(long micros, ZoneId zone) {
    return at(micros, zone).getHour();
  }

  /** Day of week in {@code zone}, 0 = Monday ... 6 = Sunday (WEAVE's and pandas' convention). */
  public static int dayOfWeek(long micros, ZoneId zone) {
    return at(micros, zone).getDayOfWeek().getValue() - 1;
  }

  /** The local date in {@code zone}, yyyy-MM-dd: predictions are partitioned by it. */
  public static String date(long micros, ZoneId zone) {
    return at(micros, zone).toLocalDate().toString();
  }

  /** An instant for messages: ISO-8601 in {@code zone}. */
  public static String format(long micros, ZoneId zone) {
    return at(micros, zone).toOffsetDateTime().toString();
  }
}
