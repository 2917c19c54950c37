package io.ctlspark.budget;

import io.ctlspark.tree.CascadeTree;

/**
 * How a cascade's budget is shared among the tasks of its tree.
 *
 * <p>Contract: the plan's total never exceeds the budget and no task gets a negative number of
 * steps (StepPlan refuses both); the root gets b_seed = max(1, floor(f B)); the plan depends only
 * on its inputs (deterministic); an {@link #exact()} rule spends the budget exactly when the tree
 * has a task besides the root (a lone root gets b_seed, as the method defines). A budget too
 * small for one step per task is an error naming the budget, unless zero-step tasks are allowed.
 * Rules may weigh what the tree says of a task (depth, distance to its parent) and its number of
 * training rows.
 * {@code budget.AllocationRuleContract} checks every {@link AllocationScheme} against it.
 */
public interface AllocationRule {
  /** @param trainRows training rows of every task, by task index */
  StepPlan plan(CascadeTree tree, int root, long budget, int[] trainRows);

  /** Whether the plan's total is exactly the budget (for trees of two tasks or more). */
  boolean exact();
}
