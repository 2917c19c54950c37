package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ctlspark.cascade.CtlKryoRegistrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands the README, docs/ and conf/ show work as written: every one parses with the
 * command line as it is (subcommand, options, configuration files that exist), and a fast
 * variant of each kind of run writes the files the README's output table names.
 */
class DocumentedCommandsTest {
  private static final Path PROJECT = Path.of(System.getProperty("ctl.project.dir", ".."));
  private static SparkSession spark;

  @TempDir
  Path dir;

  /** A documented command: where it is written, and its arguments after bin/ctl. */
  record Documented(String where, List<String> args) {}

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("ctl-docs-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryo.registrator", CtlKryoRegistrator.class.getName())
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * Every bin/ctl (or spark-submit of the jobs jar) command in the README's and docs' bash
   * blocks and in conf/'s comments, with continuation lines joined.
   */
  static List<Documented> documented() throws IOException {
    List<Path> files = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(PROJECT.resolve("docs"));
        Stream<Path> confs = Files.list(PROJECT.resolve("conf"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      confs.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
    }
    List<Documented> out = new ArrayList<>();
    Pattern command = Pattern.compile("(?:^|\\s)(?:bin/ctl|ctl-spark-jobs\\.jar)\\s+(\\S.*)$");
    for (Path f : files) {
      boolean conf = f.toString().endsWith(".conf");
      boolean inBash = false;
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!conf && line.startsWith("```")) {
          inBash = !inBash && line.equals("```bash");
          continue;
        }
        if (conf ? !line.startsWith("#") : !inBash) {
          continue;
        }
        String text = conf ? line.substring(1) : line;
        int at = i;
        while (text.endsWith("\\") && i + 1 < lines.size()) {
          String next = lines.get(++i);
          text = text.substring(0, text.length() - 1) + " "
              + (conf ? next.replaceFirst("^#", "") : next).strip();
        }
        // In a comment, a command is the comment's text or follows a colon ("Run from the
        // repository root:  bin/ctl ..."), not a mention in a sentence.
        if (conf && !text.strip().matches("(?:.*:\\s+)?bin/ctl\\s.*")) {
          continue;
        }
        Matcher m = command.matcher(text.strip());
        if (m.find()) {
          out.add(new Documented(PROJECT.relativize(f) + ":" + (at + 1),
              List.of(m.group(1).strip().split("\\s+"))));
        }
      }
    }
    return out;
  }

  @Test
  void everyDocumentedCommandParsesAsWritten() throws IOException {
    List<Documented> commands = documented();
    assertTrue(commands.size() >= 15, "found the documented commands: " + commands);
    for (Documented d : commands) {
      try {
        new CommandLine(new CtlCommand()).parseArgs(d.args().toArray(new String[0]));
      } catch (CommandLine.ParameterException e) {
        throw new AssertionError(d.where() + ": " + String.join(" ", d.args()) + ": "
            + e.getMessage(), e);
      }
      for (int i = 0; i + 1 < d.args().size(); i++) {
        String value = d.args().get(i + 1);
        if (d.args().get(i).equals("--config") && value.startsWith("conf/")) {
          assertTrue(Files.isRegularFile(PROJECT.resolve(value)), d.where() + ": " + value);
        }
      }
    }
  }

  /** The files the README's output table names for a run folder. */
  static List<String> documentedRunFiles() throws IOException {
    List<String> names = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(PROJECT.resolve("README.md"))) {
      if (line.startsWith("| file | content |")) {
        inTable = true;
      } else if (inTable && line.startsWith("| `")) {
        names.add(line.substring(3, line.indexOf('`', 3)).replaceAll("/$", ""));
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }
    return names;
  }

  private static void assertRunFolder(Path run) throws IOException {
    List<String> names = documentedRunFiles();
    assertTrue(names.containsAll(List.of("manifest.json", "metrics.json", "models", "_SUCCESS")),
        names.toString());
    for (String name : names) {
      assertTrue(Files.exists(run.resolve(name)), run + " has " + name);
    }
  }

  private static void ok(String... args) {
    StringWriter err = new StringWriter();
    int code = CtlCommand.run(new PrintWriter(err, true), args);
    assertEquals(0, code, String.join(" ", args) + ": " + err);
  }

  @Test
  void theSyntheticExampleRunsAsItsCommentSays() throws IOException {
    Path data = dir.resolve("synthetic-data");
    ok("generate", "--out", data.toString(), "--tasks", "12");
    assertTrue(Files.exists(data.resolve("README.txt")));
    Path run = dir.resolve("example");
    ok("train", "--config", PROJECT.resolve("conf/synthetic-example.conf").toString(),
        "--set", "ctl.data.train=" + data.resolve("train"),
        "--set", "ctl.data.test=" + data.resolve("test"), "--set", "ctl.output=" + run);
    assertRunFolder(run);
  }

  @Test
  void theDemoWritesEveryMethodsRunFolderAndReplacesOnlyItsOwnOutput() throws IOException {
    Path out = dir.resolve("demo-output");
    ok("demo", "--tasks", "20", "--output", out.toString());
    for (String method : List.of("indiv", "global-mtl", "star", "random", "mst-gradient",
        "mst-model")) {
      assertRunFolder(out.resolve(method));
    }
    // A second demo replaces the first one's output, which nothing else may be.
    ok("demo", "--tasks", "20", "--output", out.toString());
    assertRunFolder(out.resolve("mst-model"));
  }

  @Test
  void theWeaveLikeTrainRunsAsWritten() throws IOException {
    assumeTrue(Files.isDirectory(PROJECT.resolve("../shared/data")),
        "../shared/data is absent: the real-data command is not run");
    Path run = dir.resolve("weave");
    ok("train", "--config", PROJECT.resolve("conf/weave-like.conf").toString(),
        "--set", "ctl.output=" + run);
    assertRunFolder(run);
  }
}
