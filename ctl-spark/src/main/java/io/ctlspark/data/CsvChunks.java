package io.ctlspark.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import io.ctlspark.BadInputException;
import io.ctlspark.features.CalendarFeatures;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads a wide CSV table (CSV or compressed CSV, a file, folder or glob on any Hadoop file
 * system) straight into {@link RowChunk}s: Hadoop's TextInputFormat cuts the files into splits at
 * line boundaries (a .gz file is one split: it cannot be cut), and each line's fields are found
 * in its UTF-8 bytes and its numbers parsed from them, with no String per value and no Spark SQL
 * plan. Spark's CSV reader (Univocity, then String to double) measured 10 to 17 MB/s per core on
 * the benchmark's tables; no library parses CSV bytes into doubles in place, hence this code.
 *
 * <p>It reads what {@link TaskTableReader} reads, the same way: RFC 4180 fields (quoted with '"',
 * a '"' in a quoted field doubled; a quoted field cannot span lines), every file's first line is
 * its header and must equal the first file's, blank lines are skipped, an empty cell is a missing
 * value (the row is dropped as non-finite; in the task column it is an error), NaN, Inf and -Inf
 * are the non-finite values, and any other number is read as {@link Double#parseDouble} reads it.
 * With {@link CalendarFeatures}, the calendar features among the columns are computed from the
 * time column (every row's timestamp must be readable, as on the SQL path).
 */
final class CsvChunks {
  private CsvChunks() {
  }

  /**
   * @param header the table's column names (from its first file)
   * @param columns the task column, the label column, then the features, in record order
   * @param split 0 for training rows, 1 for test rows; messages name the file
   * @param calendar computes the columns named in {@link FeatureSpec#CALENDAR} from its time
   *     column; null when there are none
   * @param observed the time column and zone of the seasonal naive's observations, which the
   *     chunks then keep ({@link RowChunk#observe}); null for none
   */
  static JavaPairRDD<String, RowChunk> read(JavaSparkContext jsc, String path,
      List<String> header, List<String> columns, int split, CalendarFeatures calendar,
      NaiveObservations observed) {
    int[] position = new int[columns.size()];
    // calendarAt[k]: the feature index of calendar feature k, or -1.
    int[] calendarAt = new int[FeatureSpec.CALENDAR.size()];
    Arrays.fill(calendarAt, -1);
    for (int i = 0; i < position.length; i++) {
      int k = calendar == null || i < 2 ? -1 : FeatureSpec.CALENDAR.indexOf(columns.get(i));
      if (k >= 0) {
        calendarAt[k] = i - 2;
        position[i] = -1;
      } else {
        position[i] = header.indexOf(columns.get(i));
      }
    }
    int timeAt = calendar == null ? -1 : header.indexOf(calendar.timeCol());
    int observedAt = observed == null ? -1 : header.indexOf(observed.timeCol());
    String zone = observed == null ? null : observed.zone();
    String[] names = header.toArray(new String[0]);
    return lines(jsc, path).mapPartitionsWithInputSplit((in, it) -> new LineReader(names,
        position, split, (FileSplit) in, calendar, timeAt, calendarAt, observedAt,
        zone == null ? null : ZoneId.of(zone)).chunks(it), false)
        .mapToPair(t -> t);
  }


  /**
   * The lines of the files at {@code path}, in splits cut at line boundaries; a .gz file
   * decompressed a few blocks ahead of its parsing, on a thread of its own
   * ({@link ReadAheadGzipCodec}).
   */
  @SuppressWarnings("unchecked")
  private static JavaNewHadoopRDD<LongWritable, Text> lines(JavaSparkContext jsc, String path) {
    return (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(path,
        TextInputFormat.class, LongWritable.class, Text.class,
        ReadAheadGzipCodec.readingAhead(jsc.hadoopConfiguration()));
  }

  /**
   * Reads the lines of one split into chunks of per-task rows: cuts each line into fields, with
   * the checks every reader makes (header, field count, task id), and reads the cells as numbers.
   */
  private static final class LineReader {
    private final String[] header;
    private final String file;
    private final int[] from;
    private final int[] to;
    private final boolean[] quoted;
    private boolean headerPending;
    private long line;
    private final int[] position;
    private final int split;
    private final long start;
    private final int d;
    private final ChunkBuffer buffer;
    private final double[] xs;
    private final CalendarFeatures calendar;
    private final int timeAt;
    private final int[] calendarAt;
    // The seasonal naive's time column, or -1 when no observations are kept.
    private final int observedAt;
    private final ZoneId zone;
    private byte[] lastTask = new byte[0];
    private RowChunk last;

    LineReader(String[] header, int[] position, int split, FileSplit in,
        CalendarFeatures calendar, int timeAt, int[] calendarAt, int observedAt, ZoneId zone) {
      this.header = header;
      this.file = in.getPath().toString();
      this.from = new int[header.length];
      this.to = new int[header.length];
      this.quoted = new boolean[header.length];
      // Only the split that starts a file holds its header line.
      this.headerPending = in.getStart() == 0;
      this.position = position;
      this.split = split;
      this.start = in.getStart();
      this.d = position.length - 2;
      this.buffer = new ChunkBuffer(d);
      this.xs = new double[d];
      this.calendar = calendar;
      this.timeAt = timeAt;
      this.calendarAt = calendarAt;
      this.observedAt = observedAt;
      this.zone = zone;
    }

    Iterator<Tuple2<String, RowChunk>> chunks(Iterator<Tuple2<LongWritable, Text>> lines) {
      return buffer.drain(lines, l -> read(l._2()));
    }

    private void read(Text text) {
      if (!fields(text)) {
        return;
      }
      byte[] b = text.getBytes();
      int t = position[0];
      if (last == null || quoted[t] || !Arrays.equals(b, from[t], to[t], lastTask, 0,
          lastTask.length)) {
        lastTask = Arrays.copyOfRange(b, from[t], to[t]);
        String task = quoted[t] ? unquote(b, from[t], to[t]) : new String(lastTask,
            StandardCharsets.UTF_8);
        last = buffer.open(task, split, file, start);
      }
      if (calendar != null) {
        String time = text(b, timeAt);
        if (!calendar.fill(time, xs, calendarAt)) {
          throw calendar.unreadable(file, time, last.task);
        }
      }
      double y = value(b, position[1], last.task);
      boolean finite = Double.isFinite(y);
      if (observedAt >= 0 && finite) {
        Long micros = Timestamps.parseMicros(text(b, observedAt), zone);
        last.observe(micros == null ? Double.NaN : micros, split, y);
      }
      for (int j = 0; j < d; j++) {
        if (position[j + 2] >= 0) {
          xs[j] = value(b, position[j + 2], last.task);
        }
        finite &= Double.isFinite(xs[j]);
      }
      if (finite) {
        last.add(line, xs, y);
      } else {
        last.dropped++;
      }
      if (buffer.added(last)) {
        last = null;
      }
    }

    /** Cuts a line into fields; false for the header and blank lines (nothing to read). */
    private boolean fields(Text text) {
      line++;
      byte[] b = text.getBytes();
      int n = text.getLength();
      if (blank(b, n)) {
        return false;
      }
      int fields = split(b, n);
      if (headerPending) {
        headerPending = false;
        checkHeader(b, n, fields);
        return false;
      }
      if (fields != header.length) {
        throw bad("a row does not match the header: it has " + fields + " fields, the header "
            + header.length + " (the row starts '" + preview(b, n) + "')");
      }
      int t = position[0];
      if (to[t] == from[t]) {
        throw bad("empty value in task column '" + header[t] + "'");
      }
      return true;
    }

    /** The text of field {@code c} (unquoted); null when it is empty. */
    private String text(byte[] b, int c) {
      if (to[c] == from[c]) {
        return null;
      }
      return quoted[c] ? unquote(b, from[c], to[c])
          : new String(b, from[c], to[c] - from[c], StandardCharsets.UTF_8);
    }


    /** The cell of column {@code c} as a number; NaN for an empty cell (a missing value). */
    private double value(byte[] b, int c, String task) {
      if (quoted[c]) {
        byte[] v = unquote(b, from[c], to[c]).getBytes(StandardCharsets.UTF_8);
        return number(v, 0, v.length, c, task);
      }
      return number(b, from[c], to[c] - from[c], c, task);
    }

    /** The {@code len} bytes at {@code s} as a number (see the class comment). */
    private double number(byte[] b, int s, int len, int c, String task) {
      if (len == 0) {
        return Double.NaN;
      }
      if (len == 3 && b[s] == 'N' && b[s + 1] == 'a' && b[s + 2] == 'N') {
        return Double.NaN;
      }
      if (len == 3 && b[s] == 'I' && b[s + 1] == 'n' && b[s + 2] == 'f') {
        return Double.POSITIVE_INFINITY;
      }
      if (len == 4 && b[s] == '-' && b[s + 1] == 'I' && b[s + 2] == 'n' && b[s + 3] == 'f') {
        return Double.NEGATIVE_INFINITY;
      }
      try {
        // The syntax of Double.parseDouble, correctly rounded like it.
        return JavaDoubleParser.parseDouble(b, s, len);
      } catch (NumberFormatException ex) {
        throw notANumber(new String(b, s, len, StandardCharsets.UTF_8), c, task);
      }
    }

    private BadInputException notANumber(String v, int c, String task) {
      return bad("column '" + header[c] + "' has non-numeric value '" + v + "' (task '" + task
          + "'); write non-finite values as NaN, Inf or -Inf (in that case), or leave the cell "
          + "empty");
    }

    /**
     * Finds the fields of a line: from[i], to[i] are the bytes of field i (inside the quotes of a
     * quoted one). Returns the number of fields.
     */
    private int split(byte[] b, int n) {
      int count = 0;
      int i = 0;
      while (true) {
        boolean q = i < n && b[i] == '"';
        int s;
        int e;
        if (q) {
          s = i + 1;
          int k = s;
          while (true) {
            if (k >= n) {
              throw bad("a quoted field does not end on its line (line breaks inside quotes "
                  + "are not supported; the row starts '" + preview(b, n) + "')");
            }
            if (b[k] == '"') {
              if (k + 1 < n && b[k + 1] == '"') {
                k += 2;
                continue;
              }
              break;
            }
            k++;
          }
          e = k;
          i = k + 1;
          if (i < n && b[i] != ',') {
            throw bad("a row does not match the header: text after a closing quote (the row "
                + "starts '" + preview(b, n) + "')");
          }
        } else {
          s = i;
          while (i < n && b[i] != ',') {
            i++;
          }
          e = i;
        }
        if (count < from.length) {
          from[count] = s;
          to[count] = e;
          quoted[count] = q;
        }
        count++;
        if (i >= n) {
          return count;
        }
        i++;
      }
    }

    private void checkHeader(byte[] b, int n, int fields) {
      boolean same = fields == header.length;
      for (int i = 0; same && i < fields; i++) {
        String name = quoted[i] ? unquote(b, from[i], to[i])
            : new String(b, from[i], to[i] - from[i], StandardCharsets.UTF_8);
        same = name.equals(header[i]) || name.isEmpty() && header[i].equals("_c" + i);
      }
      if (!same) {
        throw bad("the files of one table must have the same header: this file's first line "
            + "is '" + preview(b, n) + "', the table's header "
            + String.join(",", header));
      }
    }

    private BadInputException bad(String what) {
      return new BadInputException(file + ": " + what);
    }

    private static String unquote(byte[] b, int s, int e) {
      return new String(b, s, e - s, StandardCharsets.UTF_8).replace("\"\"", "\"");
    }

    private static boolean blank(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        if (b[i] > ' ') {
          return false;
        }
      }
      return true;
    }

    private static String preview(byte[] b, int n) {
      String s = new String(b, 0, Math.min(n, 80), StandardCharsets.UTF_8);
      return n > 80 ? s + "..." : s;
    }
  }
}
