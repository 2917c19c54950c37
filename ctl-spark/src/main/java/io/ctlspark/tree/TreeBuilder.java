package io.ctlspark.tree;

import io.ctlspark.geometry.TaskDistance;

/** Builds a spanning tree over all tasks of {@code distance}, rooted at {@code root}. */
public interface TreeBuilder {
  CascadeTree build(TaskDistance distance, int root);
}
