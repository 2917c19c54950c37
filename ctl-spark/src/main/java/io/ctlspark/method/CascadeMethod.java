package io.ctlspark.method;

import io.ctlspark.budget.AllocationSpec;
import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.StepPlan;
import io.ctlspark.cascade.CascadeEngine;
import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.cascade.TaskTrainer;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.geometry.TaskClustering;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.TreeInputs;
import io.ctlspark.tree.TreeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cascade: summarise the tasks, build the tree from their distances, plan the steps (the root
 * b_seed, the others by the allocation rule) and train level by level, every task from its
 * parent's parameters. {@link PooledRootCascade} changes the plan and where the root starts.
 */
public class CascadeMethod implements TrainingMethod {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeMethod.class);

  /**
   * What a cascade decides before it trains: the tree, its root, the per-task step plan, and the
   * steps a pooled source takes first (0 unless {@link PooledRootCascade}).
   */
  public record Plan(CascadeTree tree, int root, StepPlan steps, long sourceSteps) {
    /** Every step planned: the tasks' and the source's. */
    public long plannedTotal() {
      return steps.total() + sourceSteps;
    }
  }

  private record Rooted(int root, CascadeTree tree) {}

  @Override
  public final MethodResult train(MethodContext ctx) {
    Plan p = plan(ctx);
    CascadeResult trained = ctx.timer().time("cascade", () -> run(ctx, p.tree(), p.steps()));
    long rowGradients = p.sourceSteps() * ctx.rowsTotal()
        + ctx.perTaskRowGradients(trained.stepsUsed());
    return new MethodResult(p.tree(), p.root(), p.steps().toArray(), p.plannedTotal(), trained,
        rowGradients);
  }

  /**
   * Summarises the tasks, builds the tree and plans the steps (timed as "summaries" and
   * "tree"): everything but training, and all the driver keeps per task.
   */
  public final Plan plan(MethodContext ctx) {
    TaskDataset data = ctx.data();
    TreeSpec ts = ctx.tree();
    AllocationSpec as = ctx.allocation();
    int n = data.taskCount();
    TaskGeometry geometry = ctx.timer().time("summaries",
        () -> TaskGeometry.summarise(data, ts.distance(), ts.type().isClustered()));
    boolean approximate = n > ts.approximateAbove();
    // The budget-aware tree weighs depth against the steps a non-root task will get.
    double perTask = Math.max(1, n > 1
        ? (as.budget() - ReferenceAllocation.seedSteps(as.budget(), as.seedFraction())) / (n - 1)
        : 1);
    // The root's choice (a medoid: sampled past approximate-above) is part of the tree phase.
    Rooted rooted = ctx.timer().time("tree", () -> {
      int root = geometry.root(ts, data.taskIds(), approximate);
      int[] clusterOf = ts.type().isClustered()
          ? TaskClustering.kmeans(ctx.sc(), geometry.clusterEmbedding, ts.clusters(),
              ctx.seed()) : null;
      // Above the approximate-above threshold an MST over an embedding distance is approximate.
      double[][] approx = approximate && ts.distance().isEmbedding()
          ? geometry.clusterEmbedding : null;
      return new Rooted(root, ts.type().builder(new TreeInputs(ctx.seed(), ts.maxDepth(),
          ts.depthPenalty(), perTask, clusterOf, geometry.meanFeatures, approx))
          .build(geometry.distance(data.taskIds()), root));
    });
    int root = rooted.root();
    CascadeTree tree = rooted.tree();
    int[] rows = new int[n];
    for (int v = 0; v < n; v++) {
      rows[v] = data.trainRows(v);
    }
    StepPlan plan = stepPlan(tree, root, as, rows);
    Plan p = new Plan(tree, root, plan, as.budget() - plan.budget());
    LOG.info("{} tree over {} tasks rooted at '{}'{}, depth {}; {} of {} steps planned",
        ts.label(), n, data.taskId(root), p.sourceSteps() > 0 ? " (from a pooled source)" : "",
        tree.maxDepth(), p.plannedTotal(), as.budget());
    return p;
  }

  /** The steps of every task; the plan's budget is what the tasks share. */
  protected StepPlan stepPlan(CascadeTree tree, int root, AllocationSpec as, int[] trainRows) {
    return as.rule().plan(tree, root, as.budget(), trainRows);
  }

  /** Trains every task along the tree under the plan. */
  protected CascadeResult run(MethodContext ctx, CascadeTree tree, StepPlan plan) {
    return engine(ctx, ctx.trainer()).run(ctx.data(), tree, plan);
  }

  static CascadeEngine engine(MethodContext ctx, TaskTrainer trainer) {
    return new CascadeEngine(ctx.jsc(), trainer, ctx.partitions(), ctx.blocks());
  }
}
