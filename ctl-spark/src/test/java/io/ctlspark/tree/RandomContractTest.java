package io.ctlspark.tree;

/** The tree builder contract for the random tree. */
class RandomContractTest extends TreeBuilderContract {
  @Override
  protected TreeType type() {
    return TreeType.RANDOM;
  }
}
