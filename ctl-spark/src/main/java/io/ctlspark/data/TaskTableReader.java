package io.ctlspark.data;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.ctlspark.BadInputException;
import io.ctlspark.SparkRuntime;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a task table (CSV, CSV.gz or Parquet; a file, a directory or a glob on any Hadoop file
 * system) into a DataFrame. CSV is read with a header and every value as a string, so that a
 * non-numeric value can be reported with its column instead of becoming a silent null.
 */
public final class TaskTableReader {
  private final SparkRuntime spark;
  private final TableFormat format;
  /**
   * Each table's data files, listed once: reading, typing and choosing the loader each need
   * them, and listing a folder on an object store is a round trip per call.
   */
  private final Map<String, FileStatus[]> listed = new HashMap<>();
  /** Each CSV table's header, read once (a file opened on an object store is a round trip). */
  private final Map<String, List<String>> headers = new HashMap<>();

  /** @param format CSV, PARQUET, or AUTO (by the file name's ending; CSV otherwise) */
  public TaskTableReader(SparkSession spark, TableFormat format) {
    this(SparkRuntime.of(spark), format);
  }

  /**
   * A reader that makes Spark SQL's session only when it reads a DataFrame ({@link #read}):
   * headers, schemas and file listings need none.
   */
  public TaskTableReader(SparkRuntime spark, TableFormat format) {
    this.spark = spark;
    this.format = format;
  }

  /** Reads the table at {@code path}; {@code key} is the configuration key that named it. */
  public Dataset<Row> read(String key, String path) {
    TableFormat fmt = formatOf(key, path);
    try {
      if (fmt == TableFormat.PARQUET) {
        return spark.session().read().parquet(path);
      }
      // The header is read here, on the driver: given a schema, Spark runs no job to find one.
      StructType strings = new StructType();
      for (String name : csvHeader(key, path)) {
        strings = strings.add(name, DataTypes.StringType, true);
      }
      return csv().schema(strings).csv(path);
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof AnalysisException || e.getCause() instanceof IOException) {
        throw new BadInputException(key + ": cannot read " + fmt.configName() + " at " + path
            + ": "
            + e.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * The same table with {@code numericColumns} parsed as doubles by the CSV reader itself, which is
   * much faster than casting strings afterwards. A value that does not parse fails the job with
   * Spark's MALFORMED_RECORD error; {@link TaskDatasetBuilder} then names the cell by validating
   * the string-typed table from {@link #read}. Parquet is returned as it is.
   */
  public Dataset<Row> readNumeric(String key, String path, Dataset<Row> asRead,
      List<String> numericColumns) {
    if (formatOf(key, path) != TableFormat.CSV) {
      return asRead;
    }
    StructType typed = new StructType();
    for (StructField f : asRead.schema().fields()) {
      typed = typed.add(f.name(), numericColumns.contains(f.name()) ? DataTypes.DoubleType
          : f.dataType(), true);
    }
    return csv().schema(typed).csv(path);
  }

  /**
   * CSV as RFC 4180 writes it: a header line, fields quoted with '"' and a '"' inside a quoted
   * field doubled (Spark's default escape is a backslash, which would keep the doubled quote).
   * enforceSchema off: Spark checks every file's header against the schema read from the first.
   */
  private DataFrameReader csv() {
    return spark.session().read().option("header", "true").option("mode", "FAILFAST")
        .option("quote", "\"").option("escape", "\"").option("enforceSchema", "false");
  }

  /**
   * The column names of a CSV table, read as {@link #read} reads them, without a DataFrame: the
   * loader that reads CSV files directly needs no Spark SQL at all.
   */
  public List<String> csvHeader(String key, String path) {
    return headers.computeIfAbsent(path, p -> header(key, p, list(key, p)));
  }

  /**
   * The Parquet schema of the table's first file (by path), read from its footer on the driver;
   * null when the table holds folders (a partitioned layout, which only Spark SQL reads).
   */
  public MessageType parquetSchema(String key, String path) {
    FileStatus[] files = list(key, path);
    if (Arrays.stream(files).anyMatch(FileStatus::isDirectory)) {
      return null;
    }
    FileStatus first = Arrays.stream(files)
        .min(Comparator.comparing(f -> f.getPath().toString())).orElseThrow();
    Configuration conf = spark.context().hadoopConfiguration();
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(first.getPath(),
        conf))) {
      return r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(key + " (" + path + "): cannot read the Parquet file "
          + first.getPath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The column names on the first line of the table's first non-empty file (by path), each once.
   * Spark would rename repeated names (x0, x0 become x00, x01) instead of failing; names are
   * compared as Spark compares column names, ignoring case. Univocity is the parser Spark's own
   * CSV reader uses, set up as {@link #csv()} sets it.
   */
  private List<String> header(String key, String path, FileStatus[] files) {
    FileStatus first = Arrays.stream(files).filter(f -> f.getLen() > 0)
        .min(Comparator.comparing(f -> f.getPath().toString())).orElse(null);
    String[] names = first == null ? null : firstRecord(key, first.getPath());
    if (names == null) {
      throw new BadInputException(key + " (" + path + "): the file is empty (no header line, "
          + "no rows)");
    }
    List<String> columns = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      // Spark names a header cell that is empty _c followed by its position.
      String name = names[i] == null || names[i].isEmpty() ? "_c" + i : names[i];
      String before = seen.put(name.toLowerCase(Locale.ROOT), name);
      if (before != null) {
        throw new BadInputException(key + " (" + path + "): the header names column '" + name
            + "' twice" + (before.equals(name) ? "" : " ('" + before + "' and '" + name + "')")
            + "; column names must be distinct");
      }
      columns.add(name);
    }
    return columns;
  }

  private String[] firstRecord(String key, Path file) {
    Configuration conf = spark.context().hadoopConfiguration();
    String line;
    try {
      FileSystem fs = file.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
      InputStream raw = fs.open(file);
      // Only the first line is read: a file cut short further on is found by the job that
      // reads it, with its own message.
      try (BufferedReader in = new BufferedReader(new InputStreamReader(codec == null ? raw
          : codec.createInputStream(raw), StandardCharsets.UTF_8))) {
        line = in.readLine();
      }
    } catch (EOFException e) {
      throw new BadInputException(key + " (" + file + "): the file ends before its header "
          + "line does (a truncated or corrupt compressed file?)", e);
    } catch (IOException e) {
      throw new BadInputException(key + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    if (line == null) {
      return null;
    }
    // As Spark's CSV reader is set up: no comment lines, spaces kept.
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setQuote('"');
    settings.getFormat().setQuoteEscape('"');
    settings.getFormat().setComment('\0');
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    // Room for every field the line can hold (one more than its commas): univocity allocates
    // arrays of this size up front, and a fixed large bound (it was 8 M) cost 30-300 ms a parse.
    settings.setMaxColumns((int) line.chars().filter(c -> c == ',').count() + 1);
    settings.setMaxCharsPerColumn(-1);
    return new CsvParser(settings).parseLine(line);
  }

  /** The format the table at {@code path} is read in (AUTO resolved by its files' names). */
  public TableFormat formatOf(String key, String path) {
    FileStatus[] found = list(key, path);
    return format == TableFormat.AUTO ? detectFormat(key, path, found) : format;
  }

  private FileStatus[] list(String key, String path) {
    if (path == null || path.isBlank()) {
      throw new BadInputException(key + ": no path given");
    }
    return listed.computeIfAbsent(path,
        p -> dataFiles(spark.context().hadoopConfiguration(), key, p));
  }

  /**
   * The data files a table path stands for: the file, the files a glob matches, or a folder's
   * files (not those starting with _ or ., which Spark writes as markers); an error naming
   * {@code key} when there are none.
   */
  public static FileStatus[] dataFiles(Configuration conf, String key, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] found = fs.globStatus(p);
      if (found == null || found.length == 0) {
        throw new BadInputException(key + ": no such file or directory: " + path);
      }
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus s : found) {
        if (s.isDirectory()) {
          files.addAll(Arrays.asList(fs.listStatus(s.getPath(),
              f -> !f.getName().startsWith("_") && !f.getName().startsWith("."))));
        } else {
          files.add(s);
        }
      }
      if (files.isEmpty()) {
        throw new BadInputException(key + ": no data files in " + path);
      }
      return files.toArray(new FileStatus[0]);
    } catch (IOException e) {
      throw new BadInputException(key + ": cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static TableFormat detectFormat(String key, String path, FileStatus[] files) {
    String parquet = null;
    String other = null;
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
        parquet = name;
      } else {
        other = name;
      }
    }
    if (parquet != null && other != null) {
      throw new BadInputException(key + ": " + path + " mixes Parquet and other files ("
          + parquet + ", " + other + "); a table is read in one format");
    }
    return parquet != null ? TableFormat.PARQUET : TableFormat.CSV;
  }
}
