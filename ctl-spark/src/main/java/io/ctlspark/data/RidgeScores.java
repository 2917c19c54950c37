package io.ctlspark.data;

/**
 * The per-task ridge baseline's test errors (original scale) and chosen penalties, by task index,
 * with its cost: floating-point operations of the closed-form solves and wall seconds.
 */
public record RidgeScores(double[] rmse, double[] mae, double[] lambda, long flops,
    double seconds) {}
