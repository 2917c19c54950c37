package io.ctlspark.experiment;

import io.ctlspark.SparkRuntime;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.eval.Skill;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a grid's cells on one cached dataset, {@code parallelism} at a time: each from its own
 * driver thread, in one scheduler pool that shares the executors fairly between the runs'
 * stages (under spark.scheduler.mode = FAIR, with {@link #allocationFile}), so that independent
 * runs share the cluster instead of queueing behind each other's small stages. Runs are independent (own accumulator,
 * own broadcasts), so results do not depend on the parallelism.
 */
public final class ExperimentRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
  /** The FAIR scheduler pool of the runs, defined in {@link #allocationFile}. */
  public static final String POOL = "ctl-runs";
  private final SparkRuntime spark;
  private final int partitions;
  private final int parallelism;
  private final boolean logRuns;

  /**
   * What one cell produced; for repeat 0 also its tree and per-task test RMSE (for reports),
   * else null.
   */
  public record Outcome(ExperimentGrid.Cell cell, double rmseMean, double mseMean,
      long stepsUsed, long rowGradients, double trainSeconds, double wallSeconds,
      TaskView tasks, double[] skill) {
    /** A cell without a result (diverged, or infeasible for a search): NaN scores. */
    public static Outcome failed(ExperimentGrid.Cell cell, double wallSeconds) {
      double[] none = new double[Skill.HEADLINE.size()];
      java.util.Arrays.fill(none, Double.NaN);
      return new Outcome(cell, Double.NaN, Double.NaN, 0, 0, 0, wallSeconds, null, none);
    }
  }

  /** Per task, by task index: parent (-1 for a root), depth and test RMSE. */
  public record TaskView(int[] parents, int[] depths, double[] rmse) {}

  public ExperimentRunner(SparkRuntime spark, int partitions, int parallelism) {
    this(spark, partitions, parallelism, true);
  }

  /**
   * @param logRuns whether each finished run is logged as an experiment's run (a search logs
   *     its trials itself, numbered as its trials.csv)
   */
  public ExperimentRunner(SparkRuntime spark, int partitions, int parallelism,
      boolean logRuns) {
    this.spark = spark;
    this.partitions = partitions;
    this.parallelism = Math.max(1, parallelism);
    this.logRuns = logRuns;
  }

  /**
   * A local copy of the pool definition (fairscheduler.xml in this package), for
   * spark.scheduler.allocation.file: Spark reads that setting as a file path, and looks for a
   * default file only on its own class path, which a submitted jar is not on.
   */
  public static String allocationFile() {
    try (java.io.InputStream in = ExperimentRunner.class.getResourceAsStream(
        "fairscheduler.xml")) {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("ctl-fairscheduler", ".xml");
      f.toFile().deleteOnExit();
      java.nio.file.Files.copy(in, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return f.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static TrainingDivergedException diverged(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof TrainingDivergedException d) {
        return d;
      }
    }
    return null;
  }

  /**
   * A run whose loss stops being finite gives an outcome with NaN metrics (logged), not an error.
   *
   * @return one outcome per cell, in the grid's order; cells that are the same run
   *     ({@link ExperimentGrid.Cell#runKey}) share one training, whose wall time is counted once
   */
  public List<Outcome> run(TaskDataset data, List<ExperimentGrid.Cell> cells) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    AtomicInteger done = new AtomicInteger();
    String group = "ctl-experiment-" + java.util.UUID.randomUUID();
    long unique = cells.stream().map(ExperimentGrid.Cell::runKey).distinct().count();
    long started = System.nanoTime();
    try {
      Map<String, Future<Outcome>> byKey = new LinkedHashMap<>();
      for (ExperimentGrid.Cell cell : cells) {
        if (byKey.containsKey(cell.runKey())) {
          continue;
        }
        byKey.put(cell.runKey(), pool.submit(() -> {
          spark.context().setLocalProperty("spark.scheduler.pool", POOL);
          spark.context().setJobGroup(group, "ctl experiment", true);
          long t0 = System.nanoTime();
          RunResult r;
          try {
            r = new TrainingRun(spark, partitions).train(data, cell.settings(),
                new PhaseTimer());
          } catch (RuntimeException e) {
            TrainingDivergedException diverged = diverged(e);
            if (diverged == null) {
              throw e;
            }
            // A learning rate too large for some task: a result of the grid, not its end.
            LOG.warn("experiment: {} B={} eta={} f={} repeat {} diverged: {}", cell.method(),
                cell.budget(), cell.eta(), cell.seedFraction(), cell.repeat(),
                diverged.getMessage());
            done.incrementAndGet();
            return Outcome.failed(cell, (System.nanoTime() - t0) / 1e9);
          }
          TaskView view = null;
          if (cell.repeat() == 0) {
            int n = r.tree.taskCount();
            int[] depths = new int[n];
            double[] rmse = new double[n];
            for (int v = 0; v < n; v++) {
              depths[v] = r.tree.depth(v);
            }
            r.perTask.forEach(t -> rmse[t.index()] = t.rmse());
            view = new TaskView(r.tree.parents(), depths, rmse);
          }
          Outcome o = new Outcome(cell, r.metrics.rmseMean(), r.metrics.mseMean(),
              r.trained.stepsCounted(), r.rowGradients, r.trainSeconds(),
              (System.nanoTime() - t0) / 1e9, view, Skill.headline(r.perTask,
                  r.data.baselines()));
          int finished = done.incrementAndGet();
          if (logRuns) {
            LOG.info("experiment: {} of {} runs done ({} B={} eta={} f={} repeat {}: RMSE {}), "
                + "{} s elapsed", finished, unique, cell.method(), cell.budget(), cell.eta(),
                cell.seedFraction(), cell.repeat(), String.format("%.6g", o.rmseMean()),
                String.format("%.1f", (System.nanoTime() - started) / 1e9));
          }
          return o;
        }));
      }
      List<Outcome> out = new ArrayList<>();
      for (ExperimentGrid.Cell cell : cells) {
        Outcome o = byKey.get(cell.runKey()).get();
        out.add(new Outcome(cell, o.rmseMean(), o.mseMean(), o.stepsUsed(), o.rowGradients(),
            o.trainSeconds(), o.cell() == cell ? o.wallSeconds() : 0.0, o.tasks(), o.skill()));
      }
      return out;
    } catch (ExecutionException e) {
      // One run failed: stop the others' Spark jobs instead of letting them run on.
      spark.context().cancelJobGroup(group);
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
