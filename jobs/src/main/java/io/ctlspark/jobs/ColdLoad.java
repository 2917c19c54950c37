package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * One load of a table in a fresh JVM, for {@code bench --ingest}: what every {@code train} (one
 * JVM per run) pays, the loader's class loading, JIT compilation and SQL code generation
 * included, which the warm measurements have already paid. The parent starts a child JVM with
 * its own flags and class path ({@link #seconds}); the child ({@link #main}) starts Spark and
 * its SQL session untimed, then times the load alone and prints it.
 */
final class ColdLoad {
  private static final String PREFIX = "cold-load-seconds ";

  private ColdLoad() {}

  /**
   * The seconds a fresh JVM takes to load the tables at {@code paths} (training, test) in
   * {@code format} with the previous loader ({@code before}) or this one, its Spark started
   * with the configuration overrides {@code sets} (KEY=VALUE).
   */
  static double seconds(String[] paths, String format, boolean before, int dim, int rows,
      int partitions, List<String> sets) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Not the class-data recording of bin/ctl's first run, nor a profiler of the parent's.
      if (!flag.startsWith("-XX:ArchiveClassesAtExit") && !flag.startsWith("-XX:StartFlight")
          && !flag.startsWith("-agent") && !flag.startsWith("-javaagent")) {
        command.add(flag);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ColdLoad.class.getName(), paths[0], paths[1], format, Boolean.toString(before),
        Integer.toString(dim), Integer.toString(rows), Integer.toString(partitions)));
    command.addAll(sets);
    try {
      ChildProcess.Result r = ChildProcess.run(command, 1800);
      if (r == null) {
        throw new IllegalStateException("bench: a cold load of " + paths[0]
            + " took more than 30 minutes");
      }
      if (r.exit() == 0) {
        for (String line : r.out().split("\n")) {
          if (line.startsWith(PREFIX)) {
            return Double.parseDouble(line.substring(PREFIX.length()));
          }
        }
      }
      List<String> log = r.err().lines().toList();
      throw new IllegalStateException("bench: a cold load of " + paths[0] + " failed (exit "
          + r.exit() + "): " + String.join("\n", log.subList(Math.max(0, log.size() - 20),
              log.size())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bench: interrupted", e);
    }
  }

  /**
   * The child: train path, test path, format, before, dim, rows, partitions, then the
   * configuration overrides.
   */
  public static void main(String[] args) {
    String[] paths = {args[0], args[1]};
    List<String> sets = List.of(args).subList(7, args.length);
    IngestBench bench = new IngestBench(Integer.parseInt(args[4]), Integer.parseInt(args[5]),
        Integer.parseInt(args[6]), sets);
    double seconds = SparkJob.run(CtlConfig.load(null, sets), spark -> {
      long t0 = System.nanoTime();
      TaskDataset loaded = bench.load(spark, paths, args[2], Boolean.parseBoolean(args[3]));
      long t1 = System.nanoTime();
      loaded.release();
      return (t1 - t0) / 1e9;
    });
    System.out.println(PREFIX + seconds);
  }
}
