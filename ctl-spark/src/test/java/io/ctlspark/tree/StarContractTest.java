package io.ctlspark.tree;

/** The tree builder contract for the star tree. */
class StarContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.STAR;
  }
}
