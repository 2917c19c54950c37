package io.ctlspark.jobs;

import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.method.CascadeMethod;
import io.ctlspark.method.MethodContext;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SizeEstimator;

/**
 * ctl bench --plan: a cascade up to its step plan, no training, on T synthetic tasks generated on
 * the executors (d = --dim, --rows training and test rows per task): load (generation and
 * grouping into per-task records), summaries, tree, plan; the heap the plan needs on top of the
 * loaded records, and what the driver keeps per task once planned (task ids, row counts, tree,
 * plan).
 */
final class PlanBench {
  private final int dim;
  private final int rows;
  private final List<String> sets;

  PlanBench(int dim, int rows, List<String> sets) {
    this.dim = dim;
    this.rows = rows;
    this.sets = sets;
  }

  int run(SparkSession spark, int[] sizes) {
    // Untimed warm-up: Spark's and the JIT's one-time state would otherwise count as the first
    // size's driver state.
    measure(spark, 1000);
    List<String[]> table = new ArrayList<>();
    for (int tasks : sizes) {
      table.add(measure(spark, tasks));
    }
    System.out.println();
    System.out.print(Table.render(new String[] {"tasks", "load_s", "summaries_s", "tree_s",
        "plan_total_s", "steps_planned", "depth", "plan_heap_mb", "driver_state_mb",
        "bytes/task"}, table));
    System.out.println("\nload: generation on the executors and grouping into per-task records"
        + " (not part of the plan).\nplan_total: summaries + tree + step plan."
        + "\nplan_heap: the heap's peak during the plan above its use with the records loaded "
        + "(the driver's\n  summaries, tree building and plan, plus the executors' summary "
        + "work: one JVM in local mode).\ndriver_state: what the driver keeps once planned "
        + "(task ids, row counts, tree, step plan),\n  by Spark's SizeEstimator.");
    return 0;
  }

  private String[] measure(SparkSession spark, int tasks) {
    List<String> all = new ArrayList<>(List.of("ctl.train.budget=" + (10L * tasks),
        "ctl.data.task-col=task", "ctl.data.label-col=y"));
    all.addAll(sets);
    RunSpec s = RunSpec.from(CtlConfig.load(null, all));
    TrainingRun run = new TrainingRun(spark, 0);
    System.out.printf("bench: plan for T = %d (%s tree, %s distance), d = %d, %d + %d rows per "
        + "task, %d partitions%n", tasks, s.tree().type().configName(),
        s.tree().distance().configName(), dim, rows, rows, run.partitions());
    SyntheticTasks gen = SyntheticTasks.clustered(tasks, dim, rows, rows, 10, 5.0, 10.0, 5.0,
        tasks);
    PhaseTimer timer = new PhaseTimer();
    TaskDataset data = timer.time("load", () -> run.load(
        gen.table(spark, false, run.partitions()), "generated training rows",
        gen.table(spark, true, run.partitions()), "generated test rows", s));
    // The records stay cached while the plan runs, as in a run: the heap's growth from here to
    // its peak is what summaries, tree and plan need on top.
    long loaded = usedAfterGc();
    TreeBench.resetPeaks();
    CascadeMethod.Plan plan;
    try {
      TaskTrainer trainer = new TaskTrainer(s.model().create(data.featureCount()),
          s.training().descent(), s.training().seed());
      plan = new CascadeMethod().plan(new MethodContext(spark.sparkContext(), data, trainer,
          run.partitions(), s.tree(), s.allocation(), s.blocks(), s.training().seed(), timer));
    } finally {
      data.release();
    }
    long planPeak = TreeBench.peakHeapBytes() - loaded;
    // What the driver keeps per task once planned: ids, row counts, the tree and the plan
    // (Spark's own estimate of an object graph's size; a heap reading would also count cached
    // blocks and broadcasts that Spark frees lazily).
    long held = SizeEstimator.estimate(new Object[] {plan, data.taskIds()})
        + 2L * Integer.BYTES * tasks;
    double planS = timer.get("summaries") + timer.get("tree");
    return new String[] {Integer.toString(tasks), String.format("%.2f", timer.get("load")),
        String.format("%.2f", timer.get("summaries")), String.format("%.2f",
            timer.get("tree")), String.format("%.2f", planS),
        Long.toString(plan.plannedTotal()), Integer.toString(plan.tree().maxDepth()),
        String.format("%.0f", planPeak / 1048576.0), String.format("%.1f", held / 1048576.0),
        String.format("%.0f", (double) held / tasks)};
  }

  private static long usedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
