package io.ctlspark.tree;

/** The tree builder contract for the depth-bounded tree. */
class DepthBoundedContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.DEPTH_BOUNDED;
  }
}
