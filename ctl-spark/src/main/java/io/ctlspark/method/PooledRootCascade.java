package io.ctlspark.method;

import io.ctlspark.budget.AllocationSpec;
import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.StepPlan;
import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.cascade.GlobalMtlTrainer;
import io.ctlspark.tree.CascadeTree;

/**
 * The pooled root rule: a virtual source takes b_seed steps on every task's rows pooled, then the
 * cascade runs from it, every task (the tree's root included) with floor((B - b_seed) / T) steps.
 * The source's steps count against the same budget.
 */
public final class PooledRootCascade extends CascadeMethod {
  @Override
  protected StepPlan stepPlan(CascadeTree tree, int root, AllocationSpec as, int[] trainRows) {
    return ReferenceAllocation.pooledRoot(tree.taskCount(), as.budget(), as.seedFraction(),
        as.zeroSteps());
  }

  @Override
  protected CascadeResult run(MethodContext ctx, CascadeTree tree, StepPlan plan) {
    int sourceSteps = (int) (ctx.allocation().budget() - plan.budget());
    CascadeResult source = new GlobalMtlTrainer(ctx.jsc(), ctx.trainer(),
        ctx.blocks().pooledTaskBytes())
        .train(ctx.data().records(), tree.taskCount(), ctx.rowsTotal(), sourceSteps);
    CascadeResult c = engine(ctx, ctx.trainer().startingRootsFrom(source.parameters()[0]))
        .run(ctx.data(), tree, plan);
    return new CascadeResult(c.parameters(), c.stepsUsed(),
        c.stepsCounted() + source.stepsCounted(), c.stages() + source.stages());
  }
}
