package io.ctlspark.tree;

/** The tree builder contract for the mst tree. */
class MstContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.MST;
  }
}
