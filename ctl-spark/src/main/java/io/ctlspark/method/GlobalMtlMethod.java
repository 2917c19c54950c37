package io.ctlspark.method;

import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.cascade.GlobalMtlTrainer;
import io.ctlspark.tree.CascadeTree;

/** The global-mtl baseline: one model, B full-batch steps on every task's rows pooled. */
public final class GlobalMtlMethod implements TrainingMethod {
  @Override
  public MethodResult train(MethodContext ctx) {
    int n = ctx.data().taskCount();
    long rows = ctx.rowsTotal();
    long budget = ctx.allocation().budget();
    CascadeResult trained = ctx.timer().time("cascade", () -> new GlobalMtlTrainer(ctx.jsc(),
        ctx.trainer(), ctx.blocks().pooledTaskBytes()).train(ctx.data().records(), n, rows,
            (int) Math.min(Integer.MAX_VALUE, budget)));
    return new MethodResult(CascadeTree.independent(n), -1, new int[n], budget, trained,
        trained.stepsCounted() * rows);
  }
}
