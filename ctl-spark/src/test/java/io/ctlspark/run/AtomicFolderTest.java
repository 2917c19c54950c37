package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish sequence keeps its promise at every step: a failure or a kill at any point leaves
 * the path holding the old complete output or the new one (after the next writer's recovery,
 * when the kill fell between the two renames), concurrent writers are fenced, and overwrite
 * replaces nothing that ctl-spark did not write.
 */
class AtomicFolderTest {
  /** A process id no process has (Linux caps pids far below it): a writer that was killed. */
  private static final String KILLED = Integer.MAX_VALUE + "@"
      + AtomicFolder.THIS_PROCESS.substring(AtomicFolder.THIS_PROCESS.indexOf('@') + 1);

  @TempDir
  java.nio.file.Path dir;

  private FileSystem local;
  private Path out;

  @BeforeEach
  void setUp() throws IOException {
    local = FileSystem.getLocal(new Configuration());
    out = new Path(dir.resolve("out").toString());
  }

  /** A complete output: who wrote it, in two files, then _SUCCESS. */
  private static AtomicFolder.Content output(FileSystem fs, String who) {
    return tmp -> {
      AtomicFolder.writeText(fs, new Path(tmp, "a.txt"), who);
      AtomicFolder.writeText(fs, new Path(tmp, "b.txt"), who);
      AtomicFolder.writeText(fs, new Path(tmp, "_SUCCESS"), "");
    };
  }

  /** The writer of the complete output at the path, or null if absent; fails on a mix. */
  private String holder() throws IOException {
    java.nio.file.Path p = dir.resolve("out");
    if (!Files.exists(p)) {
      return null;
    }
    String a = Files.readString(p.resolve("a.txt"));
    assertEquals(a, Files.readString(p.resolve("b.txt")), "one writer's files");
    assertTrue(Files.exists(p.resolve("_SUCCESS")));
    assertTrue(Files.exists(p.resolve(AtomicFolder.MARKER)));
    return a;
  }

  private List<String> leftovers() throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".out"))
          .sorted().toList();
    }
  }

  private void write(String who, boolean overwrite) {
    new AtomicFolder(local, out, overwrite, "ctl.output").write(output(local, who), "hint");
  }

  /** A local file system that refuses every change once killed: a dead process. */
  private static final class Killable extends FilterFileSystem {
    volatile boolean killed;

    Killable(FileSystem fs) {
      super(fs);
    }

    private void alive() throws IOException {
      if (killed) {
        throw new IOException("killed");
      }
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
      alive();
      return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
      alive();
      return super.delete(f, recursive);
    }

    @Override
    public org.apache.hadoop.fs.FSDataOutputStream create(Path f, FsPermission permission,
        boolean overwrite, int bufferSize, short replication, long blockSize,
        Progressable progress) throws IOException {
      alive();
      return super.create(f, permission, overwrite, bufferSize, replication, blockSize,
          progress);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
      alive();
      return super.mkdirs(f, permission);
    }
  }

  @Test
  void aKillAtAnyStepLeavesTheOldOrTheNewOutput() throws IOException {
    for (boolean overwrite : new boolean[] {true, false}) {
      for (AtomicFolder.Step at : AtomicFolder.Step.values()) {
        if (!overwrite && (at == AtomicFolder.Step.OLD_MOVED_ASIDE
            || at == AtomicFolder.Step.OLD_DELETED)) {
          continue; // a first publish has no old output: these steps never happen
        }
        local.delete(new Path(dir.toString()), true);
        Files.createDirectories(dir);
        if (overwrite) {
          write("old", false);
        }
        Killable fs = new Killable(local);
        AtomicFolder killedWriter = new AtomicFolder(fs, out, overwrite, "ctl.output")
            .as(KILLED).observedBy(step -> {
              if (step == at) {
                fs.killed = true;
                throw new IOException("killed at " + step);
              }
            });
        RuntimeException thrown = assertThrows(RuntimeException.class,
            () -> killedWriter.write(output(fs, "new"), "h"));
        String now = holder();
        String expectedNow = switch (at) {
          case WRITTEN, LOCKED, RECOVERED -> overwrite ? "old" : null;
          case OLD_MOVED_ASIDE -> null;
          case NEW_IN_PLACE, OLD_DELETED -> "new";
        };
        assertEquals(expectedNow, now, "right after a kill at " + at + ": " + thrown);
        // The next writer resolves what the killed one left (its lock, its temporary folder,
        // the old output set aside), then publishes or refuses as configured.
        AtomicFolder next = new AtomicFolder(local, out, true, "ctl.output");
        next.write(output(local, "next"), "h");
        assertEquals("next", holder(), "after a kill at " + at);
        assertEquals(List.of(), leftovers(), "nothing left behind after a kill at " + at);
      }
    }
  }

  @Test
  void aKillBetweenTheRenamesIsUndoneByTheNextWriterEvenInRefuseMode() throws IOException {
    write("old", false);
    Killable fs = new Killable(local);
    AtomicFolder killedWriter = new AtomicFolder(fs, out, true, "ctl.output").as(KILLED)
        .observedBy(step -> {
          if (step == AtomicFolder.Step.OLD_MOVED_ASIDE) {
            fs.killed = true;
            throw new IOException("killed");
          }
        });
    assertThrows(RuntimeException.class, () -> killedWriter.write(output(fs, "new"), "h"));
    assertEquals(null, holder());
    BadInputException refused = assertThrows(BadInputException.class, () -> write("late", false));
    assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    // A writer that takes the lock puts the old output back before anything else.
    AtomicFolder recovering = new AtomicFolder(local, out, true, "ctl.output")
        .observedBy(step -> {
          if (step == AtomicFolder.Step.RECOVERED) {
            assertEquals("old", holder(), "the old output is back");
          }
        });
    recovering.write(output(local, "new"), "h");
    assertEquals("new", holder());
  }

  @Test
  void aFailureAtAnyStepRollsBackToTheOldOutput() throws IOException {
    write("old", false);
    for (AtomicFolder.Step at : List.of(AtomicFolder.Step.WRITTEN, AtomicFolder.Step.LOCKED,
        AtomicFolder.Step.RECOVERED, AtomicFolder.Step.OLD_MOVED_ASIDE)) {
      AtomicFolder failing = new AtomicFolder(local, out, true, "ctl.output").observedBy(s -> {
        if (s == at) {
          throw new IOException("disk full at " + s);
        }
      });
      assertThrows(RuntimeException.class, () -> failing.write(output(local, "new"), "h"));
      assertEquals("old", holder(), "after a failure at " + at);
      assertEquals(List.of(), leftovers(), "after a failure at " + at);
    }
  }

  @Test
  void twoWritersStartedTogetherInRefuseModeHaveExactlyOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        local.delete(out, true);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> writers = new ArrayList<>();
        for (String who : List.of("first", "second")) {
          writers.add(pool.submit(() -> {
            go.await();
            try {
              write(who, false);
              return who;
            } catch (BadInputException e) {
              assertTrue(e.getMessage().contains("already exists"), e.getMessage());
              return null;
            }
          }));
        }
        go.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<String> f : writers) {
          if (f.get() != null) {
            winners.add(f.get());
          }
        }
        assertEquals(1, winners.size(), "round " + round + ": " + winners);
        assertEquals(winners.get(0), holder());
        assertEquals(List.of(), leftovers());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoWritersInOverwriteModeLeaveOneCompleteOutput() throws Exception {
    write("old", false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (String who : List.of("first", "second")) {
          writers.add(pool.submit(() -> {
            go.await();
            write(who, true);
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : writers) {
          f.get();
        }
        assertTrue(List.of("first", "second").contains(holder()), "round " + round);
        assertEquals(List.of(), leftovers());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void overwriteReplacesOnlyWhatCtlSparkWrote() throws IOException {
    java.nio.file.Path inputs = Files.createDirectories(dir.resolve("out"));
    Files.writeString(inputs.resolve("train.csv"), "task,x,y\n");
    BadInputException e = assertThrows(BadInputException.class, () -> write("new", true));
    assertTrue(e.getMessage().contains("is not a ctl-spark output folder"), e.getMessage());
    assertTrue(Files.exists(inputs.resolve("train.csv")), "untouched");
    Files.delete(inputs.resolve("train.csv"));
    Files.delete(inputs);
    Files.writeString(dir.resolve("out"), "a file");
    e = assertThrows(BadInputException.class, () -> write("new", true));
    assertTrue(e.getMessage().contains("is not a ctl-spark output folder"), e.getMessage());
    assertEquals("a file", Files.readString(dir.resolve("out")));
    assertFalse(leftovers().stream().anyMatch(n -> n.contains(".tmp.")), "no temporary left");
  }

  @Test
  void writersAreJudgedDeadOnlyOnThisHost() {
    assertFalse(AtomicFolder.dead("12345@another-host"), "cannot tell on another host");
    assertTrue(AtomicFolder.dead(KILLED));
    assertFalse(AtomicFolder.dead(AtomicFolder.THIS_PROCESS));
  }
}
