package io.ctlspark.cascade;

import io.ctlspark.budget.StepPlan;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.tree.CascadeTree;
import java.util.List;

/**
 * The cascade in one plain Java loop, no Spark: every task in breadth-first order. It is the
 * compute-only floor the bench measures the Spark engine against, and the independent reference
 * the engine's results are compared with, bit for bit, in tests.
 */
public final class LocalCascade {
  private LocalCascade() {}

  /** @param tasks every task, at position = its index */
  public static TrainedTask[] run(List<TaskRecord> tasks, CascadeTree tree, StepPlan plan,
      TaskTrainer trainer) {
    TrainedTask[] out = new TrainedTask[tasks.size()];
    for (int v : tree.trainingOrder()) {
      int p = tree.parent(v);
      out[v] = trainer.train(tasks.get(v), p < 0 ? null : out[p].parameters(), plan.steps(v));
    }
    return out;
  }
}
