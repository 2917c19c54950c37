package io.ctlspark.jobs;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The console's log levels, changed at run time (conf/log4j2.properties sets the defaults:
 * ctl-spark at INFO, Spark and Hadoop at WARN).
 */
final class ConsoleLogging {
  private static boolean verbose;

  private ConsoleLogging() {}

  /** --verbose: everything at INFO, Spark's and Hadoop's lines included. */
  static void verbose() {
    verbose = true;
    Configurator.setRootLevel(Level.INFO);
  }

  /**
   * After a signal: the work it interrupts fails in many threads as Spark shuts down (tasks
   * aborted, broadcasts gone), and each failure would log a stack trace under the signal's one
   * line. Those failures are the shutdown's, so the console is closed to them (--verbose keeps
   * them).
   */
  static void stopping() {
    if (!verbose) {
      Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }
  }

  /**
   * Keeps a chatty ctl-spark logger (per-stage lines, repeated for every measured run of a
   * benchmark) at WARN, unless --verbose was given.
   */
  static void quiet(Class<?> logger) {
    if (!verbose) {
      Configurator.setLevel(logger.getName(), Level.WARN);
    }
  }
}
