package io.ctlspark.method;

import io.ctlspark.cascade.CascadeResult;
import io.ctlspark.tree.CascadeTree;

/**
 * What a method trained, and at what cost.
 *
 * @param tree the tree trained along; a forest of roots for methods without one
 * @param root root task index, or -1 without a tree
 * @param stepsPlannedPerTask steps planned per task (a pooled model's steps are in none of them)
 * @param stepsPlanned every step planned, a pooled source's or model's included
 * @param rowGradients the computation: one row's gradient counts one
 */
public record MethodResult(CascadeTree tree, int root, int[] stepsPlannedPerTask,
    long stepsPlanned, CascadeResult trained, long rowGradients) {}
