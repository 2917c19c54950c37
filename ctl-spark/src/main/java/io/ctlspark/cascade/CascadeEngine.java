package io.ctlspark.cascade;

import io.ctlspark.budget.StepPlan;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.tree.CascadeTree;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains every task of a tree on Spark, parents before children, within a step plan.
 *
 * <p>The tree is cut into blocks ({@link BlockPlan}, weighing each task's work: steps x rows x
 * parameters); tasks are placed so that each block lives in one partition ({@link
 * TaskPlacement}); then one Spark job per block level ("stage") trains that level's blocks in
 * parallel, each block inside one Spark task. The parameters of the parents the stage needs are
 * broadcast, and the broadcast is destroyed when the stage is done.
 *
 * <p>Budget: every task's allowance travels with the broadcast schedule and the trainer takes
 * exactly that many steps, so an executor cannot overspend. Each result reports its steps; the
 * driver sums those, refuses a stage that would take the total past the budget, and checks after
 * every stage that a LongAccumulator incremented on the executors agrees. Spark merges accumulator
 * updates of successful task attempts only, so a retried task is counted once; the driver's own
 * count from the results is the one enforced, the accumulator is the independent audit.
 */
public final class CascadeEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeEngine.class);
  private final JavaSparkContext jsc;
  private final TaskTrainer trainer;
  private final int partitions;
  private final BlockPlanning planning;
  private int failFirstAttemptOfTask = -1;

  public CascadeEngine(JavaSparkContext jsc, TaskTrainer trainer, int partitions,
      BlockPlanning planning) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1");
    }
    this.jsc = jsc;
    this.trainer = trainer;
    this.partitions = partitions;
    this.planning = planning;
  }

  /** Test-only fault switch: the first attempt of the Spark task that trains this task fails. */
  void failFirstAttemptOf(int taskIndex) {
    this.failFirstAttemptOfTask = taskIndex;
  }

  public CascadeResult run(TaskDataset data, CascadeTree tree, StepPlan plan) {
    int n = tree.taskCount();
    double[] work = new double[n];
    int parameters = trainer.model().parameterCount();
    for (int v = 0; v < n; v++) {
      work[v] = (double) plan.steps(v) * data.trainRows(v) * parameters;
    }
    BlockPlan blocks = planning.plan(tree, work, partitions);
    Schedule schedule = new Schedule(tree, plan, blocks);
    TaskPlacement.Mode mode = TaskPlacement.modeFor(jsc.sc());
    TaskPlacement.Placed placed = TaskPlacement.place(data.records(), blocks.partitions(),
        partitions, mode);
    LOG.info("{} tasks in {} blocks over {} partitions: {} stages", n, blocks.blockCount(),
        partitions, blocks.stageCount());
    Broadcast<Schedule> scheduleBc = jsc.broadcast(schedule);
    LongAccumulator counted = jsc.sc().longAccumulator("ctl.steps");
    double[][] params = new double[n][];
    int[] used = new int[n];
    long usedTotal = 0;
    long started = System.nanoTime();
    int[] stageOf = blocks.stages();
    StepProgress progress = new StepProgress(counted, plan.total());
    jsc.sc().addSparkListener(progress);
    try {
      for (int stage = 0; stage < blocks.stageCount(); stage++) {
        progress.enter("stage " + (stage + 1) + " of " + blocks.stageCount());
        long planned = 0;
        int tasks = 0;
        Map<Integer, double[]> parents = new HashMap<>();
        for (int v = 0; v < n; v++) {
          if (stageOf[v] == stage) {
            planned += plan.steps(v);
            tasks++;
            int p = tree.parent(v);
            if (p >= 0 && stageOf[p] != stage) {
              parents.put(p, params[p]);
            }
          }
        }
        if (usedTotal + planned > plan.budget()) {
          throw new IllegalStateException("stage " + stage + " would take the steps used to "
              + (usedTotal + planned) + ", past the budget of " + plan.budget());
        }
        Broadcast<Map<Integer, double[]>> parentBc = jsc.broadcast(parents);
        int s = stage;
        TaskTrainer tr = trainer;
        int fault = failFirstAttemptOfTask;
        List<TrainedTask> results = placed.records().mapPartitions(
            it -> trainStage(it, s, scheduleBc.value(), parentBc.value(), tr, counted, fault))
            .collect();
        parentBc.destroy();
        long stageSteps = 0;
        for (TrainedTask t : results) {
          if (t.steps() > plan.steps(t.index())) {
            throw new IllegalStateException("task " + t.index() + " took " + t.steps()
                + " steps, more than its allowance of " + plan.steps(t.index()));
          }
          params[t.index()] = t.parameters();
          used[t.index()] = t.steps();
          stageSteps += t.steps();
        }
        if (results.size() != tasks) {
          throw new IllegalStateException("stage " + stage + " returned " + results.size()
              + " trained tasks, expected " + tasks);
        }
        usedTotal += stageSteps;
        if (counted.value() != usedTotal) {
          throw new IllegalStateException("step audit failed after stage " + stage
              + ": the executors' accumulator counted " + counted.value()
              + " steps, the trained tasks report " + usedTotal);
        }
        LOG.info("stage {} of {}: {} tasks trained, steps used {} of {}, {} s elapsed",
            stage + 1, blocks.stageCount(), tasks, usedTotal, plan.budget(),
            String.format("%.1f", (System.nanoTime() - started) / 1e9));
      }
    } finally {
      jsc.sc().removeSparkListener(progress);
      scheduleBc.destroy();
      placed.release();
    }
    return new CascadeResult(params, used, counted.value(), blocks.stageCount());
  }

  private static Iterator<TrainedTask> trainStage(Iterator<TaskRecord> it, int stage,
      Schedule schedule, Map<Integer, double[]> parents, TaskTrainer trainer,
      LongAccumulator counted, int fault) {
    List<TaskRecord> mine = new ArrayList<>();
    while (it.hasNext()) {
      TaskRecord r = it.next();
      if (schedule.stageOf[r.index()] == stage) {
        mine.add(r);
      }
    }
    mine.sort(Comparator.comparingInt(r -> schedule.position[r.index()]));
    Map<Integer, double[]> local = new HashMap<>();
    List<TrainedTask> out = new ArrayList<>(mine.size());
    for (TaskRecord r : mine) {
      if (r.index() == fault && TaskContext.get().attemptNumber() == 0) {
        throw new IllegalStateException("injected fault: first attempt at task " + r.index());
      }
      int p = schedule.parent[r.index()];
      double[] init = null;
      if (p >= 0) {
        init = local.containsKey(p) ? local.get(p) : parents.get(p);
        if (init == null) {
          throw new IllegalStateException("parent " + p + " of task " + r.index()
              + " was not trained before it");
        }
      }
      TrainedTask t = trainer.train(r, init, schedule.steps[r.index()]);
      counted.add(t.steps());
      local.put(r.index(), t.parameters());
      out.add(t);
    }
    return out.iterator();
  }

  /** What every executor needs to know of the plan, broadcast once per run. */
  static final class Schedule implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] parent;
    final int[] steps;
    final int[] stageOf;
    final int[] position;

    Schedule(CascadeTree tree, StepPlan plan, BlockPlan blocks) {
      this.parent = tree.parents();
      this.steps = plan.toArray();
      this.stageOf = blocks.stages();
      this.position = new int[tree.taskCount()];
      int[] order = tree.trainingOrder();
      for (int i = 0; i < order.length; i++) {
        position[order[i]] = i;
      }
    }
  }
}
