package io.ctlspark.jobs;

import io.ctlspark.BadInputException;
import io.ctlspark.Version;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The ctl command line, embedded (bin/ctl without SPARK_HOME) or under spark-submit (the shaded
 * jar's main class). Exit codes a scheduler can act on: 0 success, 2 bad input or configuration
 * (one message naming the file, column, task or key), 1 any other failure, 130 and 143 ended by
 * SIGINT and SIGTERM (one line, nothing published).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    versionProvider = CtlCommand.VersionProvider.class,
    description = "Cascaded Transfer Learning on Apache Spark.",
    subcommands = {TrainCommand.class, PredictCommand.class, ExperimentCommand.class,
        TuneCommand.class,
        GenerateCommand.class,
        DemoCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class CtlCommand implements Runnable {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_FAILURE = 1;
  /** Ended by SIGINT (Ctrl-C) or SIGTERM (a scheduler): 128 + the signal's number, as shells. */
  public static final int EXIT_SIGINT = 130;
  public static final int EXIT_SIGTERM = 143;
  private static volatile String stoppedBy;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "log Spark's and Hadoop's INFO lines too (by default only ctl-spark's "
          + "progress and real warnings)")
  void verbose(boolean on) {
    if (on) {
      ConsoleLogging.verbose();
    }
  }

  public static void main(String[] args) {
    onSignal("INT", EXIT_SIGINT);
    onSignal("TERM", EXIT_SIGTERM);
    int code = run(args);
    // bin/ctl's run that records the class-data archive (only a successful run's is kept).
    if (code == 0 && Boolean.getBoolean("ctl.cds.record")) {
      SqlClassWarmup.run();
    }
    System.exit(code);
  }

  /**
   * Ends the run on a signal with one line and the signal's exit code. The JVM's shutdown hooks
   * still run (Spark stops, a half-written output folder is deleted: AtomicFolder), and nothing
   * is published; the errors the interrupted work throws meanwhile are not printed. sun.misc
   * (jdk.unsupported) is the JDK's only way to handle a signal.
   */
  private static void onSignal(String name, int code) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
        stoppedBy = "SIG" + name;
        ConsoleLogging.stopping();
        System.err.println("ctl: stopped by SIG" + name + " (exit " + code + "); no output was "
            + "published");
        System.err.flush();
        new Thread(() -> System.exit(code), "ctl-signal-exit").start();
      });
    } catch (IllegalArgumentException unavailable) {
      // A platform without this signal: the JVM's default handling stays.
    }
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with errors going to {@code err}; returns the exit code. */
  public static int run(PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new CtlCommand());
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> exitCode(e, cmd.getErr()));
    try {
      return cl.execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the handler; Hadoop's local file system reports a
      // failed write (a full disk) as an Error, FSError.
      return exitCode(e, err);
    }
  }

  /** Reports a failure once, as the exit codes promise, and returns the exit code. */
  static int exitCode(Throwable e, PrintWriter err) {
    if (stoppedBy != null) {
      // The failure of work a signal interrupted: the signal's line said it all.
      return stoppedBy.equals("SIGINT") ? EXIT_SIGINT : EXIT_SIGTERM;
    }
    BadInputException bad = BadInputException.findIn(e);
    String full = fullDisk(e);
    if (bad != null || full != null) {
      // Settings are named as the user wrote them: configuration keys on the command line.
      String message = bad == null ? full : bad instanceof InvalidSettingException setting
          ? setting.message(Setting::key) : bad.getMessage();
      err.println("ctl: error: " + message);
      err.flush();
      return EXIT_BAD_INPUT;
    }
    e.printStackTrace(err);
    err.println("ctl: failed: " + e);
    err.flush();
    return EXIT_FAILURE;
  }

  /** A write refused for lack of space (local or HDFS): said in one line, or null. */
  private static String fullDisk(Throwable e) {
    for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("No space left on device") || c.getClass().getSimpleName()
          .equals("DSQuotaExceededException")) {
        return "a write failed for lack of space (" + m + "); nothing was published: free "
            + "space or choose another output folder";
      }
    }
    return null;
  }


  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "give a command: train, predict, experiment, tune, generate, demo or bench (ctl --help lists them)");
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ctl-spark " + Version.get()};
    }
  }
}
