package io.ctlspark.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctlspark.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a stored folder must hold (its data files, each with its size and SHA-256), recorded when
 * it is written and checked before it is read, so that a deleted, truncated or altered file is
 * named instead of read as something else (a missing models file would otherwise look like a
 * series without a model). Files Hadoop and Spark keep beside the data (names starting with
 * '.' or '_': checksums, markers) are not listed.
 */
public final class FileListing {
  private FileListing() {}

  /** The data files of {@code folder}, by name (sorted): {"name", "bytes", "sha256"}. */
  public static ArrayNode of(FileSystem fs, Path folder) throws IOException {
    ArrayNode files = JsonNodeFactory.instance.arrayNode();
    for (Map.Entry<String, FileStatus> e : dataFiles(fs, folder).entrySet()) {
      ObjectNode f = files.addObject();
      f.put("name", e.getKey());
      f.put("bytes", e.getValue().getLen());
      f.put("sha256", sha256(fs, e.getValue().getPath()));
    }
    return files;
  }

  /**
   * Checks {@code folder} against a listing {@link #of} wrote: every file there with its size
   * and content, and no other data file.
   *
   * @param what the folder, as messages name it (e.g. "--models (run/): models/")
   */
  public static void verify(FileSystem fs, Path folder, JsonNode listing, String what) {
    try {
      if (!fs.exists(folder)) {
        throw new BadInputException(what + " is missing");
      }
      Map<String, FileStatus> present = dataFiles(fs, folder);
      List<String> problems = new ArrayList<>();
      for (JsonNode f : listing) {
        String name = f.path("name").asText();
        FileStatus s = present.remove(name);
        if (s == null) {
          problems.add(name + " is missing");
        } else if (s.getLen() != f.path("bytes").asLong()) {
          problems.add(name + " has " + s.getLen() + " bytes, not " + f.path("bytes").asLong());
        } else if (!sha256(fs, s.getPath()).equals(f.path("sha256").asText())) {
          problems.add(name + " has changed (its SHA-256 differs)");
        }
      }
      present.keySet().forEach(name -> problems.add(name + " was not written by the run"));
      if (!problems.isEmpty()) {
        throw new BadInputException(what + " is damaged: " + String.join("; ", problems)
            + " (" + listing.size() + " files expected); retrain, or restore the folder");
      }
    } catch (IOException e) {
      throw new BadInputException(what + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static Map<String, FileStatus> dataFiles(FileSystem fs, Path folder)
      throws IOException {
    Map<String, FileStatus> files = new TreeMap<>();
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (s.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
        files.put(name, s);
      }
    }
    return files;
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java platform has SHA-256
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = fs.open(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
