package io.ctlspark.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;

/**
 * What a run read from one input: its files with their sizes and modification times, and a
 * SHA-256 over that listing. Two runs with the same fingerprint read the same files, unless a
 * file was rewritten in place with the same size and time; hashing listings instead of contents
 * keeps this free for terabyte inputs on HDFS or S3.
 */
public record InputFingerprint(String key, String path, List<DataFile> files, String sha256) {

  /** One file of an input. */
  public record DataFile(String path, long length, long modified) {}

  public static InputFingerprint of(Configuration conf, String key, String path) {
    FileStatus[] found = TaskTableReader.dataFiles(conf, key, path);
    List<DataFile> files = new ArrayList<>();
    Arrays.stream(found).sorted(Comparator.comparing(f -> f.getPath().toString()))
        .forEach(f -> files.add(new DataFile(f.getPath().toString(), f.getLen(),
            f.getModificationTime())));
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (DataFile f : files) {
        md.update((f.path() + "\t" + f.length() + "\t" + f.modified() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return new InputFingerprint(key, path, files, HexFormat.of().formatHex(md.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
