package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and folders written through {@link PosixLocalFileSystem} get exactly the modes Hadoop's
 * own local file system gives them (its chmod process is the reference), under several umasks;
 * what Java cannot set still goes Hadoop's way.
 */
class PosixLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void filesAndFoldersGetHadoopsModes() throws IOException {
    for (String umask : new String[] {"022", "077", "027", "000"}) {
      for (short mode : new short[] {0644, 0640, 0600, 0755, 0777, 0711}) {
        FsPermission p = new FsPermission(mode);
        assertEquals(written(LocalFileSystem.class, umask, p, "hadoop"),
            written(PosixLocalFileSystem.class, umask, p, "posix"),
            "umask " + umask + ", mode " + Integer.toOctalString(mode));
      }
    }
  }

  /** The modes of a file, its checksum and a new folder, created with p under umask. */
  private String written(Class<?> impl, String umask, FsPermission p, String tag)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", impl.getName());
    conf.set("fs.permissions.umask-mode", umask);
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertEquals(impl, fs.getClass());
      Path base = new Path(dir.toUri().toString(), tag + umask + "-" + p.toShort());
      Path file = new Path(base, "f");
      try (FSDataOutputStream out = fs.create(file, p, true, 4096, (short) 1, 1 << 20, null)) {
        out.write(1);
      }
      Path folder = new Path(base, "d");
      assertTrue(fs.mkdirs(folder, p));
      Path explicit = new Path(base, "e");
      fs.create(explicit).close();
      fs.setPermission(explicit, p);
      return mode(file) + " " + mode(new Path(base, ".f.crc")) + " " + mode(folder) + " "
          + mode(base) + " " + mode(explicit);
    }
  }

  private static String mode(Path p) throws IOException {
    Object mode = Files.getAttribute(java.nio.file.Path.of(p.toUri()), "unix:mode");
    return Integer.toOctalString((Integer) mode & 07777);
  }

  @Test
  void statusesReadAsHadoopReadsThem() throws IOException {
    java.nio.file.Path table = Files.createDirectories(dir.resolve("table"));
    Files.writeString(table.resolve("part-0.csv"), "task,y\na,1\n");
    Files.writeString(table.resolve("_SUCCESS"), "");
    java.nio.file.Path sticky = Files.createDirectories(table.resolve("sticky"));
    Files.setAttribute(sticky, "unix:mode", 01750);
    Files.setAttribute(table.resolve("_SUCCESS"), "unix:mode", 0600);
    Path tablePath = new Path(table.toUri().toString());
    String hadoop = statuses(LocalFileSystem.class, tablePath);
    assertEquals(hadoop, statuses(PosixLocalFileSystem.class, tablePath));
    assertTrue(hadoop.contains("_SUCCESS 0 false rw-------"), hadoop);
    assertTrue(hadoop.contains("sticky") && hadoop.contains("rwxr-x--T"), hadoop);
  }

  /** The table's listing and the status of each entry and of the table, fields that matter. */
  private static String statuses(Class<?> impl, Path table) throws IOException {
    StringBuilder b = new StringBuilder();
    try (FileSystem fs = fileSystem(impl)) {
      java.util.List<FileStatus> all = new java.util.ArrayList<>(
          java.util.Arrays.asList(fs.listStatus(table)));
      for (FileStatus s : fs.listStatus(table)) {
        all.add(fs.getFileStatus(s.getPath()));
      }
      all.add(fs.getFileStatus(table));
      all.sort(java.util.Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus s : all) {
        b.append(s.getPath().getName()).append(' ').append(s.isDirectory() ? -1 : s.getLen())
            .append(' ').append(s.isDirectory()).append(' ').append(s.getPermission())
            .append(' ').append(s.getOwner()).append(' ').append(s.getGroup()).append(' ')
            .append(s.getModificationTime()).append('\n');
      }
    }
    return b.toString();
  }

  /** A new (uncached) file:// file system of this class. */
  private static FileSystem fileSystem(Class<?> impl) throws IOException {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", impl.getName());
    return FileSystem.newInstance(URI.create("file:///"), conf);
  }

  @Test
  void theStickyBitGoesHadoopsWay() throws IOException {
    try (FileSystem fs = fileSystem(PosixLocalFileSystem.class)) {
      Path folder = new Path(dir.toUri().toString(), "shared");
      assertTrue(fs.mkdirs(folder));
      fs.setPermission(folder, new FsPermission((short) 01777));
      assertEquals("1777", mode(folder));
    }
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    try (FileSystem fs = fileSystem(PosixLocalFileSystem.class)) {
      Path missing = new Path(dir.toUri().toString(), "missing");
      FileNotFoundException e = assertThrows(FileNotFoundException.class,
          () -> fs.setPermission(missing, new FsPermission((short) 0644)));
      assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
  }

  @Test
  void modesMapBitByBit() {
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ),
        PosixLocalFileSystem.posix(new FsPermission((short) 0754)));
    assertEquals(EnumSet.of(PosixFilePermission.OTHERS_EXECUTE),
        PosixLocalFileSystem.posix(new FsPermission((short) 0001)));
    assertEquals(EnumSet.noneOf(PosixFilePermission.class),
        PosixLocalFileSystem.posix(new FsPermission((short) 0)));
    assertEquals(null, PosixLocalFileSystem.posix(new FsPermission((short) 01755)));
  }

  @Test
  void aConfiguredFileSystemIsKept() {
    Configuration none = new Configuration(false);
    PosixLocalFileSystem.useUnlessConfigured(none);
    assertEquals(PosixLocalFileSystem.class.getName(), none.get("fs.file.impl"));
    Configuration named = new Configuration(false);
    named.set("fs.file.impl", LocalFileSystem.class.getName());
    PosixLocalFileSystem.useUnlessConfigured(named);
    assertEquals(LocalFileSystem.class.getName(), named.get("fs.file.impl"));
  }
}
