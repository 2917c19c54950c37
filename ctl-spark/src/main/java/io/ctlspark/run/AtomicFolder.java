package io.ctlspark.run;

import io.ctlspark.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output folder that holds one complete result or none, whatever the moment of a crash, a
 * kill or a second writer.
 *
 * <p>The content is written into a hidden sibling, {@code .NAME.tmp.PID@HOST.ID}, marked with
 * {@link #MARKER}, and published under a lock file, {@code .NAME.lock}, created exclusively: in
 * refuse mode the folder must still be absent; in overwrite mode the existing folder (which must
 * carry the marker: anything else is refused) is renamed aside to {@code .NAME.old.PID@HOST.ID},
 * the new one renamed into place, and the old one deleted. Hadoop has no atomic replace of a
 * folder, so between the two renames the path is briefly absent; a writer killed in that window
 * leaves the old folder aside, and the next writer of the path (under the lock, before anything
 * else) puts it back. It also deletes what writers on this host that are no longer running left
 * (temporary folders, a lock), and reports those of other hosts, which it cannot check.
 *
 * <p>On HDFS and local disks, rename and exclusive create are atomic, and all of this holds. On
 * an object store (S3A) rename is a copy, so a reader may see a folder while it is being copied,
 * and an exclusive create is not guaranteed: give each output path one writer at a time there.
 */
public final class AtomicFolder {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicFolder.class);
  /** The file that marks a folder as a ctl-spark output, written last into every publish. */
  public static final String MARKER = "_CTL_OUTPUT";
  private static final Pattern SIBLING =
      Pattern.compile("\\.(.+)\\.(tmp|old)\\.(\\d+)@([^/]+)\\.([0-9a-f]{8})");
  private static final long LOCK_WAIT_MILLIS = 60_000;
  private static final String HOST = host();
  /** This process, as writers are named in temporary folders and locks: PID@HOST. */
  static final String THIS_PROCESS = ProcessHandle.current().pid() + "@" + HOST;

  /** Writes a folder's content. */
  @FunctionalInterface
  public interface Content {
    void writeInto(Path folder) throws IOException;
  }

  /** The steps of a publish, in order: where {@link Steps} may inject a failure. */
  public enum Step { WRITTEN, LOCKED, RECOVERED, OLD_MOVED_ASIDE, NEW_IN_PLACE, OLD_DELETED }

  /** Called as each step completes (tests inject failures and kills here). */
  @FunctionalInterface
  public interface Steps {
    void reached(Step step) throws IOException;
  }

  private final FileSystem fs;
  private final Path folder;
  private final String shown;
  private final boolean overwrite;
  private final String option;
  private Steps steps = step -> { };
  private String owner = THIS_PROCESS;

  /**
   * @param option how the folder was configured, for messages ("ctl.output", "--out")
   */
  public AtomicFolder(FileSystem fs, Path folder, boolean overwrite, String option) {
    this.fs = fs;
    this.folder = fs.makeQualified(folder);
    this.shown = folder.toString();
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

  /** Observes the publish's steps (tests); returns this. */
  public AtomicFolder observedBy(Steps observer) {
    this.steps = observer;
    return this;
  }

  /** Writes as another process (tests: a writer that will have been killed); returns this. */
  AtomicFolder as(String writer) {
    this.owner = writer;
    return this;
  }

  /** The file system the folder (and its temporary sibling) live on. */
  public FileSystem fileSystem() {
    return fs;
  }

  /**
   * Fails early, before any work, when the folder exists (or a killed writer left it aside) and
   * may not be replaced, or is not a ctl-spark output that overwrite may replace.
   *
   * @param hint how to allow replacing it, for the message
   */
  public void checkWritable(String hint) {
    try {
      boolean exists = fs.exists(folder) || !siblings("old").isEmpty();
      if (exists && !overwrite) {
        throw new BadInputException(option + ": " + shown + " already exists; choose another "
            + "folder or " + hint);
      }
      if (fs.exists(folder)) {
        requireOutput();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Overwrite replaces only what ctl-spark wrote: a folder with the marker (or, written before
   * there was one, a run folder with its manifest).
   */
  private void requireOutput() throws IOException {
    if (!fs.getFileStatus(folder).isDirectory() || !(fs.exists(new Path(folder, MARKER))
        || fs.exists(new Path(folder, "manifest.json")))) {
      throw new BadInputException(option + ": " + shown + " is not a ctl-spark output folder "
          + "(no " + MARKER + " in it); overwrite replaces only ctl-spark's outputs, so move or "
          + "delete it yourself, or choose another folder");
    }
  }

  /** Writes one UTF-8 text file (for content written into the temporary folder). */
  public static void writeText(FileSystem fs, Path path, String text) throws IOException {
    try (OutputStream out = fs.create(path, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public void write(Content content, String hint) {
    checkWritable(hint);
    Path tmp = sibling("tmp");
    Runnable cleanUp = () -> {
      try {
        fs.delete(tmp, true);
      } catch (IOException ignored) {
        // Best effort: a later writer of this path deletes it (recover()).
      }
    };
    // A JVM ended by a signal (SIGTERM from a scheduler) deletes the half-written folder before
    // Hadoop closes its file systems (priority 10): nothing half-written is left behind.
    ShutdownHookManager.get().addShutdownHook(cleanUp, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
    try {
      if (folder.getParent() != null) {
        fs.mkdirs(folder.getParent());
      }
      content.writeInto(tmp);
      writeText(fs, new Path(tmp, MARKER), "{\"writer\": \"" + owner + "\"}\n");
      steps.reached(Step.WRITTEN);
      publish(tmp, hint);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + folder + ": " + e.getMessage(), e);
    } finally {
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(cleanUp);
      }
      cleanUp.run();
    }
  }

  private void publish(Path tmp, String hint) throws IOException {
    Path lock = lockPath();
    acquire(lock);
    try {
      steps.reached(Step.LOCKED);
      recover(tmp);
      steps.reached(Step.RECOVERED);
      if (!fs.exists(folder)) {
        rename(tmp, folder);
        steps.reached(Step.NEW_IN_PLACE);
        return;
      }
      if (!overwrite) {
        throw new BadInputException(option + ": " + shown + " already exists (another run "
            + "wrote it while this one worked); choose another folder or " + hint);
      }
      requireOutput();
      LOG.info("replacing {} (overwrite)", folder);
      Path old = sibling("old");
      rename(folder, old);
      try {
        steps.reached(Step.OLD_MOVED_ASIDE);
        rename(tmp, folder);
      } catch (IOException | RuntimeException e) {
        if (!fs.exists(folder)) {
          rename(old, folder);
        }
        throw e;
      }
      steps.reached(Step.NEW_IN_PLACE);
      fs.delete(old, true);
      steps.reached(Step.OLD_DELETED);
    } finally {
      fs.delete(lock, false);
    }
  }

  /**
   * Resolves what killed writers left, under the lock: an old folder set aside with no folder in
   * place is put back; one with a folder in place is deleted (the new one was published); the
   * temporary folders of writers on this host that no longer run are deleted, others reported
   * ({@code own}, this writer's, is kept).
   */
  private void recover(Path own) throws IOException {
    for (FileStatus old : siblings("old")) {
      if (!fs.exists(folder)) {
        LOG.warn("{}: a writer was killed while replacing it; putting the previous output back",
            folder);
        rename(old.getPath(), folder);
      } else {
        fs.delete(old.getPath(), true);
      }
    }
    for (FileStatus tmp : siblings("tmp")) {
      if (tmp.getPath().getName().equals(own.getName())) {
        continue;
      }
      Matcher m = SIBLING.matcher(tmp.getPath().getName());
      if (m.matches() && dead(m.group(3) + "@" + m.group(4))) {
        LOG.warn("{}: deleting {}, the temporary folder of a killed writer", folder,
            tmp.getPath().getName());
        fs.delete(tmp.getPath(), true);
      } else if (m.matches() && !m.group(4).equals(HOST)) {
        LOG.warn("{}: {} is the temporary folder of a writer on {}; if no run is writing "
            + "there, delete it", folder, tmp.getPath().getName(), m.group(4));
      }
    }
  }

  private java.util.List<FileStatus> siblings(String kind) throws IOException {
    java.util.List<FileStatus> found = new java.util.ArrayList<>();
    Path parent = folder.getParent();
    if (parent == null || !fs.exists(parent)) {
      return found;
    }
    for (FileStatus s : fs.listStatus(parent)) {
      Matcher m = SIBLING.matcher(s.getPath().getName());
      if (m.matches() && m.group(1).equals(folder.getName()) && m.group(2).equals(kind)) {
        found.add(s);
      }
    }
    return found;
  }

  private Path sibling(String kind) {
    return new Path(folder.getParent(), "." + folder.getName() + "." + kind + "." + owner + "."
        + UUID.randomUUID().toString().substring(0, 8));
  }

  Path lockPath() {
    return new Path(folder.getParent(), "." + folder.getName() + ".lock");
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("could not rename " + from + " to " + to);
    }
  }

  /**
   * Takes the lock, waiting while another writer publishes (renames take milliseconds); a lock
   * left by a writer on this host that no longer runs is broken.
   */
  private void acquire(Path lock) throws IOException {
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
    while (true) {
      if (createExclusive(lock, owner)) {
        return;
      }
      String holder = holder(lock);
      if (holder != null && dead(holder)) {
        LOG.warn("{}: breaking the lock of a killed writer ({})", folder, holder);
        fs.delete(lock, false);
        continue;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new BadInputException(option + ": another writer (" + holder + ") has held "
            + lock + " for a minute; if no run is writing " + shown + ", delete the lock");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + lock, e);
      }
    }
  }

  /**
   * Creates a file only if it does not exist, atomically: HDFS's create without overwrite is; a
   * local file system's is not (it checks, then creates), so there java.nio's create (O_EXCL).
   */
  private boolean createExclusive(Path path, String text) throws IOException {
    FileSystem raw = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    if (raw instanceof RawLocalFileSystem) {
      try {
        Files.writeString(Files.createFile(java.nio.file.Path.of(path.toUri())), text);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(path, false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private String holder(Path lock) {
    try (java.io.InputStream in = fs.open(lock)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return null; // released meanwhile, or not yet written
    }
  }

  /** A writer (PID@HOST) on this host whose process has ended. */
  static boolean dead(String owner) {
    int at = owner.indexOf('@');
    if (at <= 0 || !owner.substring(at + 1).equals(HOST)) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(owner.substring(0, at))).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
