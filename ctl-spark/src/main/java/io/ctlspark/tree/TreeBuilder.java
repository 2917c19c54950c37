package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;

/**
 * Builds a spanning tree over all tasks of {@code distance}, rooted at {@code root}.
 *
 * <p>Contract: every task is in the tree, exactly one (the root) has no parent, each task's depth
 * is its parent's plus one, each edge's distance is {@code distance.between(parent, child)}, and
 * the same inputs give the same tree. {@code tree.TreeBuilderContract} checks every
 * {@link TreeType} (and the approximate MST) against it.
 */
public interface TreeBuilder {
  CascadeTree build(TaskDistance distance, int root);
}
