package io.ctlspark.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import io.ctlspark.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
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
 */
final class CsvChunks {
  private CsvChunks() {
  }

  /**
   * @param header the table's column names (from its first file)
   * @param columns the task column, the label column, then the features, in record order
   * @param split 0 for training rows, 1 for test rows; messages name the file
   */
  static JavaPairRDD<String, RowChunk> read(JavaSparkContext jsc, String path,
      List<String> header, List<String> columns, int split) {
    int[] position = new int[columns.size()];
    for (int i = 0; i < position.length; i++) {
      position[i] = header.indexOf(columns.get(i));
    }
    String[] names = header.toArray(new String[0]);
    Configuration conf = jsc.hadoopConfiguration();
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc
        .newAPIHadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class, conf);
    return lines.mapPartitionsWithInputSplit((in, it) -> new LineReader(names, position, split,
        (FileSplit) in).chunks(it), false).mapToPair(t -> t);
  }

  /** Reads the lines of one split. */
  private static final class LineReader {
    private final String[] header;
    private final int[] position;
    private final int split;
    private final String file;
    private final long start;
    private final int d;
    private final ChunkBuffer buffer;
    private final int[] from;
    private final int[] to;
    private final boolean[] quoted;
    private final double[] xs;
    private boolean headerPending;
    private long line;
    private byte[] lastTask = new byte[0];
    private RowChunk last;

    LineReader(String[] header, int[] position, int split, FileSplit in) {
      this.header = header;
      this.position = position;
      this.split = split;
      this.file = in.getPath().toString();
      this.start = in.getStart();
      this.d = position.length - 2;
      this.buffer = new ChunkBuffer(d);
      this.from = new int[header.length];
      this.to = new int[header.length];
      this.quoted = new boolean[header.length];
      this.xs = new double[d];
      // Only the split that starts a file holds its header line.
      this.headerPending = start == 0;
    }

    Iterator<Tuple2<String, RowChunk>> chunks(Iterator<Tuple2<LongWritable, Text>> lines) {
      return buffer.drain(lines, l -> read(l._2()));
    }

    private void read(Text text) {
      line++;
      byte[] b = text.getBytes();
      int n = text.getLength();
      if (blank(b, n)) {
        return;
      }
      int fields = split(b, n);
      if (headerPending) {
        headerPending = false;
        checkHeader(b, n, fields);
        return;
      }
      if (fields != header.length) {
        throw bad("a row does not match the header: it has " + fields + " fields, the header "
            + header.length + " (the row starts '" + preview(b, n) + "')");
      }
      int t = position[0];
      if (to[t] == from[t]) {
        throw bad("empty value in task column '" + header[t] + "'");
      }
      if (last == null || quoted[t] || !Arrays.equals(b, from[t], to[t], lastTask, 0,
          lastTask.length)) {
        lastTask = Arrays.copyOfRange(b, from[t], to[t]);
        String task = quoted[t] ? unquote(b, from[t], to[t]) : new String(lastTask,
            StandardCharsets.UTF_8);
        last = buffer.open(task, split, file, start);
      }
      double y = value(b, position[1], last.task);
      boolean finite = Double.isFinite(y);
      for (int j = 0; j < d; j++) {
        xs[j] = value(b, position[j + 2], last.task);
        finite &= Double.isFinite(xs[j]);
      }
      if (!finite) {
        last.dropped++;
        return;
      }
      last.add(line, xs, y);
      if (buffer.added(last)) {
        last = null;
      }
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
