package io.ctlspark.cascade;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Progress inside a stage, logged on the driver. A stage of the cascade can hold most of a run's
 * work, and the driver otherwise hears of it only when the stage ends. Executors report the
 * running value of every accumulator of their running tasks in their heartbeats (every
 * spark.executor.heartbeatInterval, 10 s by default): the steps accumulator's merged value plus
 * those of the running tasks is the number of steps taken so far. It is a progress report, not
 * the audit: a task that has just ended may briefly count twice, so it is capped at the plan.
 */
final class StepProgress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeEngine.class);
  private final LongAccumulator steps;
  private final long planned;
  private final long started = System.nanoTime();
  private final Map<Long, Long> running = new ConcurrentHashMap<>();
  private volatile String stage = "";

  StepProgress(LongAccumulator steps, long planned) {
    this.steps = steps;
    this.planned = planned;
  }

  /** Names the stage now running, for the log line (e.g. "stage 2 of 5"). */
  void enter(String stage) {
    this.stage = stage;
  }

  /** Steps taken so far: those of finished tasks plus the last report of running ones. */
  long stepsSoFar() {
    long sum = steps.value();
    for (long s : running.values()) {
      sum += s;
    }
    return Math.min(sum, planned);
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    boolean reported = false;
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
        : CollectionConverters.asJava(update.accumUpdates())) {
      for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
        if (info.id() == steps.id() && info.update().isDefined()) {
          running.put((Long) task._1(), ((Number) info.update().get()).longValue());
          reported = true;
        }
      }
    }
    if (reported) {
      long so = stepsSoFar();
      LOG.info("{}: {} of {} steps so far ({}%), {} s elapsed", stage, so, planned,
          planned == 0 ? 100 : 100 * so / planned,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
  }
}
