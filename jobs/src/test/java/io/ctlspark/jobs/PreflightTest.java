package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can fail before Spark starts does: every command here is given a Spark master that
 * cannot start, so an answer of exit 2 naming the key, file or folder proves that the check ran
 * first (once Spark started, the master would fail with exit 1).
 */
class PreflightTest {
  private static final String NO_SPARK = "ctl.spark.master=no-such-master";

  @TempDir
  Path dir;

  @BeforeEach
  void tables() throws IOException {
    Files.writeString(dir.resolve("train.csv"), "task,x1,y\na,1,2\n");
    Files.writeString(dir.resolve("test.csv"), "task,x1,y\na,1,2\n");
  }

  private String fails(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.get(0).equals("generate")) {
      all.addAll(List.of("--set", NO_SPARK));
    }
    StringWriter err = new StringWriter();
    int code = CtlCommand.run(new PrintWriter(err, true), all.toArray(new String[0]));
    assertEquals(2, code, err.toString());
    assertEquals(1, err.toString().strip().lines().count(), "one message: " + err);
    return err.toString();
  }

  private String[] withTables(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command,
        "--set", "ctl.data.train=" + dir.resolve("train.csv"),
        "--set", "ctl.data.test=" + dir.resolve("test.csv")));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  @Test
  void aBareTrainNamesTheMissingInputKey() {
    String err = fails("train");
    assertTrue(err.contains("ctl.data.train is required"), err);
  }

  @Test
  void aMissingInputFileIsNamed() {
    String err = fails("train", "--set", "ctl.data.train=" + dir.resolve("none.csv"),
        "--set", "ctl.data.test=" + dir.resolve("test.csv"));
    assertTrue(err.contains("ctl.data.train: no such file or directory: "), err);
  }

  @Test
  void anExistingOutputFolderIsRefusedByEveryCommandThatWritesOne() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    for (String command : List.of("train", "tune", "experiment")) {
      String err = fails(withTables(command, "--set", "ctl.output=" + out));
      assertTrue(err.contains("ctl.output: " + out + " already exists"), command + ": " + err);
    }
    String err = fails("generate", "--out", out.toString());
    assertTrue(err.contains("--out: " + out + " already exists"), err);
  }

  @Test
  void aFullDiskIsOneLineAndExitTwoEvenAsHadoopsError() throws Exception {
    // Hadoop's local file system reports a failed write as FSError, an Error picocli does not
    // handle; its constructor is package-private.
    java.lang.reflect.Constructor<org.apache.hadoop.fs.FSError> make =
        org.apache.hadoop.fs.FSError.class.getDeclaredConstructor(Throwable.class);
    make.setAccessible(true);
    Error full = make.newInstance(new IOException("No space left on device"));
    StringWriter err = new StringWriter();
    assertEquals(CtlCommand.EXIT_BAD_INPUT, CtlCommand.exitCode(full, new PrintWriter(err,
        true)));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("a write failed for lack of space"), err.toString());
  }

  @Test
  void theDemoRefusesAFolderThatIsNotAnEarlierDemosOutput() throws IOException {
    Path out = Files.createDirectory(dir.resolve("mine"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    String err = fails("demo", "--output", out.toString());
    assertTrue(err.contains("is not an earlier demo's output"), err);
    assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
  }
}
