package io.ctlspark.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress of long phases in the log, for batch runs where Spark's console progress bar is off.
 * A phase is work run under {@link #describe} (load, baselines, train, write, predict): every
 * {@link #INTERVAL_SECONDS} s, each phase that has run that long is reported with the tasks done
 * in its running Spark stages and the input rows its jobs have read so far (finished tasks, plus
 * running tasks as of their executors' last heartbeat). Spark's UI has all of this; a
 * scheduler's log has only what the driver writes, and without it a long load cannot be told
 * from a hung one.
 */
public final class JobProgress extends SparkListener {
  public static final int INTERVAL_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);
  private static final String RECORDS_READ = "internal.metrics.input.recordsRead";
  // SparkContext.SPARK_JOB_DESCRIPTION, which Spark keeps package-private.
  private static final String JOB_DESCRIPTION = "spark.job.description";
  private static final Map<SparkContext, JobProgress> INSTALLED = new java.util.WeakHashMap<>();

  /** A phase running under describe(): its jobs' finished input rows, and its start. */
  private record Phase(long order, String description, Thread thread, long startedNanos,
      AtomicLong rows, AtomicLong reportedNanos) {}

  /** Orders phases by start, so that the innermost of nested phases is the latest. */
  private static final AtomicLong STARTED = new AtomicLong();

  private final java.util.Set<Phase> phases = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Phase> phaseOfJob = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, int[]> activeStages = new ConcurrentHashMap<>();
  private final Map<Long, long[]> runningRows = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ctl-job-progress");
    t.setDaemon(true);
    return t;
  });

  private final LongSupplier clock;

  private JobProgress(LongSupplier clock, boolean scheduled) {
    this.clock = clock;
    if (scheduled) {
      // Checked every second, so that a phase is reported within a second of each interval.
      timer.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Adds the progress log to a SparkContext, once. */
  public static void install(SparkContext sc) {
    install(sc, System::nanoTime, true);
  }

  /**
   * @param clock nanoseconds, as System.nanoTime
   * @param scheduled whether a timer calls {@link #report} (tests call it themselves)
   */
  static synchronized JobProgress install(SparkContext sc, LongSupplier clock,
      boolean scheduled) {
    return INSTALLED.computeIfAbsent(sc, k -> {
      JobProgress p = new JobProgress(clock, scheduled);
      sc.addSparkListener(p);
      return p;
    });
  }

  private static synchronized JobProgress of(SparkContext sc) {
    return INSTALLED.get(sc);
  }

  /**
   * Runs work as a phase named {@code description}: its Spark jobs carry the name (in this log
   * and in Spark's UI; a thread-local property, restored afterwards), and while it runs it is
   * reported every interval if the SparkContext has the progress log.
   */
  public static <T> T describe(SparkContext sc, String description,
      java.util.function.Supplier<T> work) {
    String before = sc.getLocalProperty(JOB_DESCRIPTION);
    sc.setJobDescription(description);
    JobProgress progress = of(sc);
    long now = progress == null ? 0 : progress.clock.getAsLong();
    Phase phase = new Phase(STARTED.incrementAndGet(), description, Thread.currentThread(), now,
        new AtomicLong(), new AtomicLong(now));
    if (progress != null) {
      progress.phases.add(phase);
    }
    try {
      return work.get();
    } finally {
      if (progress != null) {
        progress.phases.remove(phase);
      }
      sc.setJobDescription(before);
    }
  }

  /** Logs the innermost phase of each thread, once per interval it has run; returns the lines. */
  List<String> report() {
    List<String> lines = new ArrayList<>();
    long now = clock.getAsLong();
    Map<Thread, Phase> innermost = new java.util.HashMap<>();
    for (Phase p : phases) {
      innermost.merge(p.thread(), p, (a, b) -> a.order() > b.order() ? a : b);
    }
    for (Phase phase : innermost.values()) {
      if (now - phase.reportedNanos().get() < INTERVAL_SECONDS * 1_000_000_000L) {
        continue;
      }
      phase.reportedNanos().set(now);
      double seconds = (now - phase.startedNanos()) / 1e9;
      StringBuilder stages = new StringBuilder();
      long rows = phase.rows().get();
      for (Map.Entry<Integer, int[]> stage : activeStages.entrySet()) {
        Integer job = jobOfStage.get(stage.getKey());
        if (job != null && phaseOfJob.get(job) == phase) {
          stages.append(String.format(Locale.ROOT, "; stage %d: %d of %d tasks done",
              stage.getKey(), stage.getValue()[1], stage.getValue()[0]));
        }
      }
      for (long[] running : runningRows.values()) {
        Integer job = jobOfStage.get((int) running[0]);
        if (job != null && phaseOfJob.get(job) == phase) {
          rows += running[1];
        }
      }
      String line = String.format(Locale.ROOT, "%s: running, %.0f s%s%s", phase.description(),
          seconds, stages, rows == 0 ? "" : String.format(Locale.ROOT, "; %,d input rows read", rows));
      LOG.info(line);
      lines.add(line);
    }
    return lines;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String description = start.properties() == null ? null
        : start.properties().getProperty(JOB_DESCRIPTION);
    Phase phase = null;
    for (Phase p : phases) {
      if (p.description().equals(description) && (phase == null || p.order() > phase.order())) {
        phase = p;
      }
    }
    if (phase == null) {
      return;
    }
    phaseOfJob.put(start.jobId(), phase);
    for (Object s : CollectionConverters.asJava(start.stageIds())) {
      jobOfStage.put((Integer) s, start.jobId());
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    if (jobOfStage.containsKey(submitted.stageInfo().stageId())) {
      activeStages.put(submitted.stageInfo().stageId(),
          new int[] {submitted.stageInfo().numTasks(), 0});
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    activeStages.remove(completed.stageInfo().stageId());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    runningRows.remove(end.taskInfo().taskId());
    int[] tasks = activeStages.get(end.stageId());
    if (tasks != null && end.taskInfo().successful()) {
      synchronized (tasks) {
        tasks[1]++;
      }
    }
    Integer job = jobOfStage.get(end.stageId());
    Phase phase = job == null ? null : phaseOfJob.get(job);
    if (phase != null && end.taskMetrics() != null) {
      phase.rows().addAndGet(end.taskMetrics().inputMetrics().recordsRead());
    }
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
        : CollectionConverters.asJava(update.accumUpdates())) {
      if (!jobOfStage.containsKey((Integer) task._2())) {
        continue;
      }
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        if (info.name().isDefined() && RECORDS_READ.equals(info.name().get())
            && info.update().isDefined()) {
          runningRows.put((Long) task._1(), new long[] {((Number) task._2()).longValue(),
              ((Number) info.update().get()).longValue()});
        }
      }
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    phaseOfJob.remove(end.jobId());
    jobOfStage.values().removeIf(j -> j == end.jobId());
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd end) {
    timer.shutdownNow();
  }
}
