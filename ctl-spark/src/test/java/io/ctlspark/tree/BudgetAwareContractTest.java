package io.ctlspark.tree;

/** The tree builder contract for the budget-aware tree. */
class BudgetAwareContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.BUDGET_AWARE;
  }
}
