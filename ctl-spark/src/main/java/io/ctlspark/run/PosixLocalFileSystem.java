package io.ctlspark.run;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system (checksummed, as the default {@code file://} one) that sets and
 * reads file and folder permissions from the JVM when Hadoop's native library is absent.
 *
 * <p>Why hand-written: without libhadoop.so (not on Maven Central, and absent from most laptops
 * and containers), Hadoop's {@code RawLocalFileSystem} starts a {@code chmod} process for every
 * file and folder it creates (a checksummed file is two) and an {@code ls -ld} process for the
 * owner and permissions of every file it lists for reading (each part file of a table): about
 * 10 ms each from a JVM of a few GB here, so creating 30 files cost 0.5-0.7 s against 0.03-0.12 s
 * with {@code Files.setPosixFilePermissions} (docs/performance.md, Local files). Hadoop has no
 * setting for this. With the native library, or a mode Java cannot set (the sticky bit),
 * Hadoop's own code runs.
 *
 * <p>The command-line tool names it as {@code fs.file.impl} for its checks before Spark starts
 * and for a local master, unless a Hadoop or Spark setting names another
 * ({@link #useUnlessConfigured}); the library does not install it.
 */
public class PosixLocalFileSystem extends LocalFileSystem {
  private static final String KEY = "fs.file.impl";

  public PosixLocalFileSystem() {
    super(new Raw());
  }

  /** Names this file system for file:// in conf unless a setting there names one already. */
  public static void useUnlessConfigured(Configuration conf) {
    if (conf.get(KEY) == null) {
      conf.set(KEY, PosixLocalFileSystem.class.getName());
    }
  }

  /**
   * The raw file system under the checksums: setting permissions, and the owner, group and
   * permissions of the statuses it gives, differ from Hadoop's in how, not in what.
   */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withOwnerAndMode(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] statuses = super.listStatus(f);
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] = withOwnerAndMode(statuses[i]);
      }
      return statuses;
    }

    /**
     * Hadoop's status of a local file (which reads its owner, group and permissions with ls -ld
     * when first asked) with them read from the JVM now; as it was when they cannot be (a file
     * gone since, a file store without Unix attributes).
     */
    private FileStatus withOwnerAndMode(FileStatus s) {
      if (NativeIO.isAvailable()) {
        return s;
      }
      try {
        Map<String, Object> a = Files.readAttributes(pathToFile(s.getPath()).toPath(),
            "unix:mode,owner,group");
        short mode = (short) (((Integer) a.get("mode")) & 07777);
        return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(),
            s.getBlockSize(), s.getModificationTime(), s.getAccessTime(),
            new FsPermission(mode), ((UserPrincipal) a.get("owner")).getName(),
            ((UserPrincipal) a.get("group")).getName(), s.isSymlink() ? s.getSymlink() : null,
            s.getPath());
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        return s;
      }
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> posix = posix(permission);
      if (posix == null || NativeIO.isAvailable()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException("cannot set the permissions of " + p
            + ": no such file or folder");
      } catch (UnsupportedOperationException e) {
        // A file store without POSIX permissions: Hadoop's way, whatever it does there.
        super.setPermission(p, permission);
      }
    }
  }

  /** The nine rwx bits as Java's permissions, or null for a mode with the sticky bit. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    int mode = permission.toShort();
    if ((mode & ~0777) != 0) {
      return null;
    }
    // PosixFilePermission's order is OWNER_READ ... OTHERS_EXECUTE, from bit 8 down to bit 0.
    PosixFilePermission[] all = PosixFilePermission.values();
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < all.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(all[i]);
      }
    }
    return set;
  }
}
