package io.ctlspark.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Timestamps#parseMicros} against the plain java.time reading it replaces
 * (DateTimeFormatter.parseBest, then the zone's valid offsets), on every spelling the format
 * allows, out-of-range values the formatter resolves or refuses, DST gaps and overlaps, and
 * random instants.
 */
class TimestampsTest {
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"),
      ZoneId.of("Europe/London"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"),
      ZoneOffset.ofHours(2));

  /** How the time was read before (commit c0264b5). */
  private static Long reference(String text, ZoneId zone) {
    try {
      TemporalAccessor t = Timestamps.FORMAT.parseBest(text.trim(), OffsetDateTime::from,
          LocalDateTime::from, LocalDate::from);
      Instant instant;
      if (t instanceof OffsetDateTime o) {
        instant = o.toInstant();
      } else {
        LocalDateTime local = t instanceof LocalDate day ? day.atStartOfDay() : (LocalDateTime) t;
        if (zone.getRules().getValidOffsets(local).isEmpty()) {
          return null;
        }
        instant = local.atZone(zone).toInstant();
      }
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
          instant.getNano() / 1000);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static void assertSame(String text) {
    for (ZoneId zone : ZONES) {
      assertEquals(reference(text, zone), Timestamps.parseMicros(text, zone),
          () -> "'" + text + "' in " + zone);
    }
  }

  @Test
  void everySpellingReadsAsTheFormatterReadsIt() {
    List<String> texts = List.of("2024-01-01", "2024-01-01 00:00", "2024-01-01T00:00",
        "2024-01-01 13:45:07", "2024-01-01T13:45:07", "2024-01-01 13:45Z", "2024-01-01T13:45:07Z",
        "2024-01-01 13:45:07.5", "2024-01-01T13:45:07.123456789", "2024-01-01 13:45:07+01:00",
        "2024-01-01T13:45-05:30", "2024-01-01 13:45:07.25Z", " 2024-01-01 13:45 ",
        "\t2024-01-01T13:45:07Z\n", "2024-01-01T 13:45", "2024-01-0113:45",
        // Out of range: resolved (Feb 30 is Feb 29 or 28 to the formatter) or refused.
        "2024-02-30", "2023-02-29 10:00", "2024-02-31T10:00:00Z", "2024-13-01", "2024-00-10",
        "2024-01-32", "2024-01-01 24:00", "2024-01-01 23:60", "2024-01-01 23:59:60",
        "2024-01-01 25:00:00Z", "0000-01-01", "9999-12-31 23:59:59",
        // Not timestamps.
        "", " ", "yesterday", "2024-1-1", "2024/01/01", "24-01-01 10:00", "2024-01-01 10",
        "2024-01-01 10:00z", "2024-01-01 10:00:0", "2024-01-01 10:00:00Zx", "2024-01-01X10:00",
        "2024-01-01 1a:00", "+2024-01-01", "2024-01-01 10:00 Z",
        // London's spring gap and autumn overlap, New York's, Lord Howe's half-hour change.
        "2024-03-31 01:30", "2024-03-31 00:59:59", "2024-03-31 02:00", "2024-10-27 01:30",
        "2024-10-27T01:00:00", "2024-03-10 02:30", "2024-11-03 01:30", "2024-04-07 01:45",
        "2024-10-06 02:15", "2024-03-31");
    for (String t : texts) {
      assertSame(t);
    }
    // The cases that matter said outright, not only as agreement.
    assertNull(Timestamps.parseMicros("2024-03-31 01:30", ZoneId.of("Europe/London")));
    assertEquals(Timestamps.parseMicros("2024-10-27T00:30:00Z", ZoneId.of("UTC")),
        Timestamps.parseMicros("2024-10-27 01:30", ZoneId.of("Europe/London")));
    assertEquals(Timestamps.parseMicros("2024-02-29", ZoneId.of("UTC")),
        Timestamps.parseMicros("2024-02-30", ZoneId.of("UTC")));
    assertEquals(Timestamps.parseMicros("2024-01-02", ZoneId.of("UTC")),
        Timestamps.parseMicros("2024-01-01 24:00", ZoneId.of("UTC")));
    assertNull(Timestamps.parseMicros("2024-01-01 23:60", ZoneId.of("UTC")));
  }

  @Test
  void randomInstantsInEveryShapeReadAlike() {
    Random rnd = new Random(11);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long second = 946_684_800L + (long) (rnd.nextDouble() * 1_000_000_000L);
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      String date = t.toLocalDate().toString();
      String hm = String.format("%02d:%02d", t.getHour(), t.getMinute());
      String hms = hm + String.format(":%02d", t.getSecond());
      switch (i % 6) {
        case 0 -> texts.add(date);
        case 1 -> texts.add(date + " " + hm);
        case 2 -> texts.add(date + "T" + hms);
        case 3 -> texts.add(date + " " + hms + "Z");
        case 4 -> texts.add(date + "T" + hm + "Z");
        default -> texts.add(date + " " + hms + ".5+01:00");
      }
    }
    for (String t : texts) {
      assertSame(t);
    }
  }

  @Test
  void skippedTimesAreToldApartFromUnreadableOnes() {
    ZoneId london = ZoneId.of("Europe/London");
    assertTrue(Timestamps.skippedIn("2024-03-31 01:30", london));
    assertTrue(Timestamps.skippedIn(" 2024-03-31T01:00:00 ", london));
    assertFalse(Timestamps.skippedIn("2024-03-31 02:00", london));
    assertFalse(Timestamps.skippedIn("2024-03-31 01:30Z", london));
    assertFalse(Timestamps.skippedIn("not a time", london));
  }
}
