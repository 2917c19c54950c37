package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler's SIGTERM ends a run with one line, exit code 143 and no output: the command runs
 * in its own JVM, and the signal is sent once the log says the load has started (a point in
 * the run, not a time).
 */
class SignalTest {
  @TempDir
  Path dir;

  @Test
  void sigtermEndsARunWithOneLineExit143AndNoOutput() throws Exception {
    Path train = dir.resolve("train.csv");
    try (Writer w = Files.newBufferedWriter(train)) {
      w.write("task,x1,x2,x3,x4,y\n");
      for (int i = 0; i < 400_000; i++) {
        w.write("t" + (i % 200) + "," + (i % 7) + "," + (i % 11) + "," + (i % 13) + ","
            + (i % 17) + "," + (i % 5) + "\n");
      }
    }
    Path out = dir.resolve("out");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(List.of(System.getProperty("ctl.java.opts").trim().split("\\s+")));
    cmd.addAll(List.of("-Dlog4j.configurationFile="
            + Path.of(System.getProperty("ctl.project.dir"), "conf", "log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), CtlCommand.class.getName(), "train",
        "--set", "ctl.data.train=" + train, "--set", "ctl.data.test=" + train,
        "--set", "ctl.output=" + out, "--set", "ctl.spark.master=local[2]"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      boolean signalled = false;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (!signalled && line.contains("load: started")) {
          new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
          signalled = true;
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String log = String.join("\n", lines);
    assertEquals(CtlCommand.EXIT_SIGTERM, p.exitValue(), log);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("ctl: stopped by SIGTERM")).count(),
        log);
    assertTrue(lines.stream().noneMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
        "no stack trace: " + log);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("train.csv"), files.map(f -> f.getFileName().toString()).toList(),
          "no output, not even a temporary one");
    }
  }
}
