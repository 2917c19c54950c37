package io.ctlspark.method;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wall-clock seconds per named phase of a run, in the order the phases ran; a logged timer (one
 * run of a command, not the many runs of an experiment) also logs each phase's start and end.
 */
public final class PhaseTimer {
  private static final Logger LOG = LoggerFactory.getLogger(PhaseTimer.class);
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final boolean logged;

  public PhaseTimer() {
    this(false);
  }

  private PhaseTimer(boolean logged) {
    this.logged = logged;
  }

  /** A timer that logs "phase: started" and "phase: done, s" (or "failed, s") for each phase. */
  public static PhaseTimer logged() {
    return new PhaseTimer(true);
  }

  public <T> T time(String phase, Supplier<T> work) {
    if (logged) {
      LOG.info("{}: started", phase);
    }
    long t0 = System.nanoTime();
    boolean done = false;
    try {
      T out = work.get();
      done = true;
      return out;
    } finally {
      double s = (System.nanoTime() - t0) / 1e9;
      seconds.merge(phase, s, Double::sum);
      if (logged) {
        // A phase that threw is not "done": the error follows.
        LOG.info("{}: {}, {} s", phase, done ? "done" : "failed", String.format("%.1f", s));
      }
    }
  }

  public Map<String, Double> seconds() {
    return new LinkedHashMap<>(seconds);
  }

  public double get(String phase) {
    return seconds.getOrDefault(phase, 0.0);
  }
}
