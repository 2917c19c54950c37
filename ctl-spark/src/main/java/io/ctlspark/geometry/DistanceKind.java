package io.ctlspark.geometry;

import io.ctlspark.config.ConfigName;
import io.ctlspark.data.TaskRecord;

/**
 * The task distances of ctl-method.md, all computed from training data on the standardised scale.
 * Each has two halves: {@link #summarise}, run where the task lives (one pass, Spark executors),
 * and {@link #over}, the pairwise distance on the driver over all tasks' summaries.
 */
public enum DistanceKind implements ConfigName {
  /** g_v = X_v^T y_v scaled to unit L2 norm (+1e-8); Euclidean. */
  GRADIENT,
  /** Ridge solution (X_v^T X_v + 0.01 I)^-1 X_v^T y_v; Euclidean. */
  MODEL,
  /** w_v = X_v^T y_v, not normalised (the paper's synthetic runs); Euclidean. */
  OBSERVED_LABEL,
  /** RMS of the elementwise difference of the X matrices (same shape), else of [mean | var]. */
  FEATURE,
  /** Euclidean distance between the y vectors (same length), else Wasserstein-1. */
  TARGET,
  /** Symmetric KL between 19-bin y histograms over the global y range. */
  KL,
  /** 1-D Wasserstein-1 between the empirical distributions of y. */
  WASSERSTEIN,
  /** Jensen-Shannon distance between y histograms (bins from the pooled count). */
  JS_TARGET,
  /** ||mu_i - mu_j|| + ||Sigma_i - Sigma_j||_F, Sigma with ddof = 1 plus 1e-6 I. */
  MEAN_COV_FEATURE,
  /** Unbiased RBF-kernel MMD between feature sets, median-heuristic bandwidth. */
  MMD_FEATURE,
  /** 1 - linear CKA between the centred feature matrices (same number of rows). */
  CKA;

  /** Euclidean distances between per-task vectors: cheap, and all the tree builders need. */
  public boolean isEmbedding() {
    return this == GRADIENT || this == MODEL || this == OBSERVED_LABEL;
  }

  /** What one task contributes to the distance (row-major arrays; see TaskSummaries). */
  public double[][] summarise(TaskRecord t) {
    double[] x = t.xTrain();
    double[] y = t.yTrain();
    int n = t.trainRows();
    int d = t.featureCount();
    return switch (this) {
      case GRADIENT -> new double[][] {TaskSummaries.unitGradient(x, y, n, d)};
      case MODEL -> new double[][] {TaskSummaries.ridge(x, y, n, d)};
      case OBSERVED_LABEL -> new double[][] {TaskSummaries.xty(x, y, n, d)};
      case FEATURE, MMD_FEATURE, CKA -> new double[][] {x, {n, d}};
      case TARGET, KL, JS_TARGET -> new double[][] {y};
      case WASSERSTEIN -> new double[][] {TaskSummaries.sorted(y)};
      case MEAN_COV_FEATURE -> TaskSummaries.meanAndCovariance(x, n, d);
    };
  }

  /** The pairwise distance over every task's summary (index = task index). */
  public TaskDistance over(double[][][] summaries, String[] taskIds) {
    return switch (this) {
      case GRADIENT, MODEL, OBSERVED_LABEL -> new EmbeddingDistance(first(summaries));
      case FEATURE -> TargetAndFeatureDistances.feature(summaries);
      case TARGET -> TargetAndFeatureDistances.target(first(summaries));
      case KL -> HistogramDistances.kl(first(summaries));
      case WASSERSTEIN -> new WassersteinDistance(first(summaries), true);
      case JS_TARGET -> HistogramDistances.jensenShannon(first(summaries));
      case MEAN_COV_FEATURE -> TargetAndFeatureDistances.meanCovariance(summaries);
      case MMD_FEATURE -> new MmdDistance(summaries, taskIds);
      case CKA -> new CkaDistance(summaries, taskIds);
    };
  }

  private static double[][] first(double[][][] summaries) {
    double[][] out = new double[summaries.length][];
    for (int v = 0; v < summaries.length; v++) {
      out[v] = summaries[v][0];
    }
    return out;
  }

  public static DistanceKind fromConfig(String key, String name) {
    return ConfigName.parse(DistanceKind.class, key, name);
  }
}
