package io.ctlspark.method;

import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.StepPlan;
import io.ctlspark.cascade.CascadeEngine;
import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.tree.CascadeTree;

/** The indiv baseline: every task from a fresh initialisation with floor(B / T) steps. */
public final class IndivMethod implements TrainingMethod {
  @Override
  public MethodResult train(MethodContext ctx) {
    int n = ctx.data().taskCount();
    CascadeTree forest = CascadeTree.independent(n);
    StepPlan plan = ReferenceAllocation.independent(n, ctx.allocation().budget(),
        ctx.allocation().zeroSteps());
    CascadeResult trained = ctx.timer().time("cascade", () -> new CascadeEngine(ctx.jsc(),
        ctx.trainer(), ctx.partitions(), ctx.blocks()).run(ctx.data(), forest, plan));
    return new MethodResult(forest, -1, plan.toArray(), plan.total(), trained,
        ctx.perTaskRowGradients(trained.stepsUsed()));
  }
}
