package io.ctlspark.run;

import io.ctlspark.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output folder that appears complete or not at all: its content is written into a hidden
 * sibling folder, which is renamed into place at the end (and removed when anything fails). Hadoop
 * has no atomic folder replace; rename is atomic on HDFS and local disks, and the closest there is
 * on object stores.
 */
public final class AtomicFolder {
  /** Writes a folder's content. */
  @FunctionalInterface
  public interface Content {
    void writeInto(Path folder) throws IOException;
  }

  private final FileSystem fs;
  private final Path folder;
  private final boolean overwrite;
  private final String option;

  /**
   * @param option how the folder was configured, for messages ("ctl.output", "--out")
   */
  public AtomicFolder(FileSystem fs, Path folder, boolean overwrite, String option) {
    this.fs = fs;
    this.folder = folder;
    this.overwrite = overwrite;
    this.option = option;
  }

  /**
   * The folder at {@code path} on its Hadoop file system; a file system that cannot be opened is
   * bad input naming {@code option}.
   */
  public static AtomicFolder open(org.apache.hadoop.conf.Configuration conf, String path,
      boolean overwrite, String option) {
    Path p = new Path(path);
    try {
      return new AtomicFolder(p.getFileSystem(conf), p, overwrite, option);
    } catch (IOException e) {
      throw new BadInputException(option + ": cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  /** The file system the folder (and its temporary sibling) live on. */
  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Fails early, before any work, when the folder exists and may not be replaced.
   *
   * @param hint how to allow replacing it, for the message
   */
  public void checkWritable(String hint) {
    try {
      if (fs.exists(folder) && !overwrite) {
        throw new BadInputException(option + ": " + folder + " already exists; choose another "
            + "folder or " + hint);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one UTF-8 text file (for content written into the temporary folder). */
  public static void writeText(FileSystem fs, Path path, String text) throws IOException {
    try (java.io.OutputStream out = fs.create(path, false)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  public void write(Content content, String hint) {
    checkWritable(hint);
    Path parent = folder.getParent();
    Path tmp = new Path(parent, "." + folder.getName() + ".tmp-" + UUID.randomUUID());
    try {
      if (parent != null) {
        fs.mkdirs(parent);
      }
      content.writeInto(tmp);
      if (fs.exists(folder)) {
        fs.delete(folder, true);
      }
      if (!fs.rename(tmp, folder)) {
        throw new IOException("could not rename " + tmp + " to " + folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + folder + ": " + e.getMessage(), e);
    } finally {
      try {
        fs.delete(tmp, true);
      } catch (IOException ignored) {
        // Best effort: the temporary folder is hidden and named as such.
      }
    }
  }
}
