package io.ctlspark.jobs;

import io.ctlspark.budget.StepPlan;
import io.ctlspark.cascade.BlockPlanning;
import io.ctlspark.cascade.CascadeEngine;
import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.cascade.LocalCascade;
import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.cascade.TrainedTask;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ctl bench: wall time per phase of an MST-gradient cascade on synthetic tasks, against two
 * references measured in the same run: the compute-only floor (the same gradient steps in one
 * plain Java loop on one thread, no Spark) and the naive engine (one Spark stage per tree level).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time each phase of an mst-gradient cascade on T synthetic tasks (d = 20, "
        + "64 rows each, B = 10 T) and compare the cascade with the compute-only floor.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", description = "task counts (default: ${DEFAULT-VALUE})")
  int[] sizes = {1000, 10000};

  @Option(names = "--dim", description = "features per task (default: ${DEFAULT-VALUE})")
  int dim = 20;

  @Option(names = "--rows", description = "training rows per task (default: ${DEFAULT-VALUE})")
  int rows = 64;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a configuration key (repeatable)")
  List<String> sets = new ArrayList<>();

  @Option(names = "--trees", split = ",", paramLabel = "T",
      description = "instead: time tree building alone for these task counts (d = --dim), "
          + "exact against approximate, e.g. --trees 10000,100000")
  int[] trees;

  @Option(names = "--forecast", paramLabel = "CONFIG",
      description = "instead: time the raw-series path of a long-layout configuration (feature "
          + "building, training, predict for all series), e.g. --forecast conf/ecl-series.conf")
  java.io.File forecast;

  @Option(names = "--ingest", split = ",", paramLabel = "T",
      description = "instead: time loading a wide table (CSV, CSV.gz, Parquet) into per-task "
          + "records for these task counts (d = --dim, --rows + 2 x --rows rows per task), "
          + "warm and in fresh JVMs, against the previous loader and, when a python3 with "
          + "pandas is installed, pandas' read_csv and groupby, e.g. --ingest 2000,10000")
  int[] ingest;

  @Option(names = "--plan", split = ",", paramLabel = "T",
      description = "instead: run a cascade up to its step plan (summaries, tree, plan; no "
          + "training) on T generated tasks (d = --dim, --rows training and test rows each) "
          + "and report times and driver memory, e.g. --plan 100000,1000000 --rows 16")
  int[] plan;

  @Override
  public Integer call() {
    if (plan != null) {
      return SparkJob.run(CtlConfig.load(null, sets), spark -> new PlanBench(dim, rows, sets)
          .run(spark, plan));
    }
    if (ingest != null) {
      CtlConfig c = CtlConfig.load(null, sets);
      return SparkJob.run(c, spark -> new IngestBench(dim, rows,
          TrainingRun.partitions(spark.sparkContext(), c.integer("ctl.spark.partitions")), sets)
          .run(spark, ingest));
    }
    if (trees != null) {
      return new TreeBench(dim).run(trees);
    }
    if (forecast != null) {
      CtlConfig c = CtlConfig.load(forecast, sets);
      return SparkJob.run(c, spark -> new ForecastBench(c).run(spark));
    }
    CtlConfig base = CtlConfig.load(null, sets);
    // Every size is run several times (warm-up, cascade, naive engine): one line per stage of
    // each would bury the table.
    ConsoleLogging.quiet(CascadeEngine.class);
    return SparkJob.run(base, spark -> {
      List<String[]> table = new ArrayList<>();
      for (int t : sizes) {
        table.add(measure(spark, base, t));
      }
      System.out.println();
      System.out.print(Table.render(new String[] {"tasks", "load_s", "summaries_s", "tree_s",
          "cascade_s", "evaluation_s", "stages", "floor_s", "cascade/floor", "naive_s",
          "naive_stages", "naive/cascade", "identical"}, table));
      System.out.println("\nAll times warm (after one untimed cascade run)."
          + "\nfloor: the same steps in one plain Java loop, one thread, no Spark."
          + "\nnaive: the same engine with ctl.cascade.block-size = 1 (one stage per tree level)."
          + "\nidentical: floor and Spark parameters equal bit for bit.");
      return 0;
    });
  }

  private String[] measure(SparkSession spark, CtlConfig base, int tasks) {
    List<String> sets = new ArrayList<>(this.sets);
    sets.addAll(List.of("ctl.train.budget=" + (10L * tasks), "ctl.tree.type=mst",
        "ctl.tree.distance=gradient", "ctl.data.task-col=task", "ctl.data.label-col=y"));
    CtlConfig c = CtlConfig.load(null, sets);
    RunSpec s = RunSpec.from(c);
    Path dir = tempDir();
    try {
      TrainingRun run = new TrainingRun(spark, c.integer("ctl.spark.partitions"));
      SyntheticTasks gen = SyntheticTasks.clustered(tasks, dim, rows, rows, 10, 5.0, 10.0, 5.0,
          tasks);
      String train = dir.resolve("train.parquet").toString();
      String test = dir.resolve("test.parquet").toString();
      gen.table(spark, false, run.partitions()).write().parquet(train);
      gen.table(spark, true, run.partitions()).write().parquet(test);
      System.out.printf("bench: T = %d, d = %d, %d rows per task, B = %d, %d partitions%n",
          tasks, dim, rows, s.allocation().budget(), run.partitions());
      PhaseTimer timer = new PhaseTimer();
      TaskTableReader reader = new TaskTableReader(spark, TableFormat.PARQUET);
      TaskDataset data = timer.time("load", () -> run.load(reader.read("train", train), train,
          reader.read("test", test), test, s));
      try {
        // JIT warm-up, untimed: a first cascade run (Spark and plain Java share the training
        // code), so that neither measurement below pays for compiling it.
        run.train(data, s, new PhaseTimer());
        List<TaskRecord> local = new ArrayList<>(data.records().collect());
        local.sort(Comparator.comparingInt(TaskRecord::index));
        RunResult r = run.train(data, s, timer);
        TaskTrainer trainer = new TaskTrainer(r.model, s.training().descent(), s.training().seed());
        StepPlan plan = new StepPlan(s.allocation().budget(), r.stepsPlannedPerTask);
        long f0 = System.nanoTime();
        TrainedTask[] floor = LocalCascade.run(local, r.tree, plan, trainer);
        double floorS = (System.nanoTime() - f0) / 1e9;
        boolean identical = true;
        for (TrainedTask f : floor) {
          identical &= Arrays.equals(f.parameters(), r.trained.parameters()[f.index()]);
        }
        long n0 = System.nanoTime();
        CascadeResult naive = new CascadeEngine(JavaSparkContext.fromSparkContext(
            spark.sparkContext()), trainer, run.partitions(), new BlockPlanning(1, 0))
            .run(data, r.tree, plan);
        double naiveS = (System.nanoTime() - n0) / 1e9;
        double cascadeS = timer.get("cascade");
        return new String[] {Integer.toString(tasks), f2(timer.get("load")),
            f2(timer.get("summaries")), f2(timer.get("tree")), f2(cascadeS),
            f2(timer.get("evaluation")), Integer.toString(r.trained.stages()), f2(floorS),
            f2(cascadeS / floorS), f2(naiveS), Integer.toString(naive.stages()),
            f2(naiveS / cascadeS), Boolean.toString(identical)};
      } finally {
        data.release();
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private static String f2(double v) {
    return String.format("%.2f", v);
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("ctl-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
