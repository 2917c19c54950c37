package io.ctlspark.tree;

/** The tree builder contract for the approximate MST (used above ctl.tree.approximate-above). */
class ApproximateMstContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.MST;
  }

  @Override
  protected boolean approximate() {
    return true;
  }
}
