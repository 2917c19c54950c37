package io.ctlspark.data;

/**
 * The global gradient-boosted-trees baseline's test errors per task (original scale, by task
 * index), its size and its wall seconds.
 */
public record GbtScores(double[] rmse, double[] mae, int trees, int depth, double seconds) {}
