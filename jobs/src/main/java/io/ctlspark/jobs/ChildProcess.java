package io.ctlspark.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A process the benchmarks start and wait for (pandas, a cold load's JVM). */
final class ChildProcess {
  private ChildProcess() {}

  /** How a child ended: its exit value and what it wrote. */
  record Result(int exit, String out, String err) {}

  /**
   * Runs {@code command} to its end; null when it took more than {@code timeoutSeconds} (it is
   * then killed). Its output goes to files, not pipes: a child that hangs must not block the
   * read past the timeout, and one that writes much must not block on a full pipe.
   */
  static Result run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ctl-child", ".out");
    Path err = Files.createTempFile("ctl-child", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
