package io.ctlspark.features;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

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
  static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
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
      TemporalAccessor t = parse(text);
      Instant instant;
      if (t instanceof OffsetDateTime o) {
        instant = o.toInstant();
      } else {
        LocalDateTime local = t instanceof LocalDate day ? day.atStartOfDay() : (LocalDateTime) t;
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition change = rules.getTransition(local);
        if (change != null && change.isGap()) {
          return null;
        }
        // In an overlap (clocks going back) the earlier offset is taken, as java.time does.
        instant = local.toInstant(change == null ? rules.getOffset(local)
            : change.getOffsetBefore());
      }
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * {@code text} as an OffsetDateTime, a LocalDateTime or a LocalDate, the first its fields make:
   * what {@code FORMAT.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
   * LocalDate::from)} gives, without the exception parseBest throws and catches for each kind
   * it tries and fails (5 us a timestamp, most of the time of reading a raw series).
   */
  private static TemporalAccessor parse(String text) {
    String s = text.trim();
    TemporalAccessor quick = quick(s);
    if (quick != null) {
      return quick;
    }
    TemporalAccessor t = FORMAT.parse(s);
    if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(t);
    }
    return t.isSupported(ChronoField.NANO_OF_DAY) ? LocalDateTime.from(t) : LocalDate.from(t);
  }

  /**
   * The common spellings read by hand, 2 us faster each than the formatter: yyyy-MM-dd, then
   * optionally 'T' or ' ', HH:mm or HH:mm:ss and 'Z'. Null for anything else, and for values out
   * of range (the formatter then reads them, or resolves them as it does: 2023-02-30 is
   * 2023-02-28 to it).
   */
  private static TemporalAccessor quick(String s) {
    int n = s.length();
    if (n != 10 && n != 16 && n != 17 && n != 19 && n != 20 || !digits(s, 0, 4)
        || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-' || !digits(s, 8, 10)) {
      return null;
    }
    try {
      if (n == 10) {
        return LocalDate.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10));
      }
      char sep = s.charAt(10);
      if (sep != 'T' && sep != ' ' || !digits(s, 11, 13) || s.charAt(13) != ':'
          || !digits(s, 14, 16)) {
        return null;
      }
      int end = 16;
      int second = 0;
      if (n >= 19 && s.charAt(16) == ':' && digits(s, 17, 19)) {
        second = number(s, 17, 19);
        end = 19;
      }
      boolean utc = end == n - 1 && s.charAt(end) == 'Z';
      if (end != n && !utc) {
        return null;
      }
      LocalDateTime local = LocalDateTime.of(number(s, 0, 4), number(s, 5, 7),
          number(s, 8, 10), number(s, 11, 13), number(s, 14, 16), second);
      return utc ? local.atOffset(ZoneOffset.UTC) : local;
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + s.charAt(i) - '0';
    }
    return v;
  }

  /** Whether {@code text} is a well-formed local time that {@code zone} skips (DST). */
  public static boolean skippedIn(String text, ZoneId zone) {
    try {
      TemporalAccessor t = parse(text);
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
