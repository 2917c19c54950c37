package io.ctlspark.geometry;

import io.ctlspark.config.ConfigName;
import io.ctlspark.data.TaskRecord;
import java.util.List;

/**
 * The task distances of ctl-method.md, all computed from training data on the standardised scale,
 * and their registry: each constant's {@link #family()} is the distance's two halves (a typed
 * per-task summary on the executors, the pairwise distance on the driver). A new distance is a
 * constant here with its family, and a subclass of {@code geometry.DistanceContract}.
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

  /** The distance's two halves, with its own summary type. */
  public DistanceFamily<?> family() {
    return switch (this) {
      case GRADIENT -> embedding(t -> TaskSummaries.unitGradient(t.xTrain(), t.yTrain(),
          t.trainRows(), t.featureCount()));
      case MODEL -> embedding(t -> TaskSummaries.ridge(t.xTrain(), t.yTrain(), t.trainRows(),
          t.featureCount()));
      case OBSERVED_LABEL -> embedding(t -> TaskSummaries.xty(t.xTrain(), t.yTrain(),
          t.trainRows(), t.featureCount()));
      case FEATURE -> DistanceFamily.of(DistanceKind::rows,
          (s, ids) -> TargetAndFeatureDistances.feature(s));
      case MMD_FEATURE -> DistanceFamily.of(DistanceKind::rows, MmdDistance::new);
      case CKA -> DistanceFamily.of(DistanceKind::rows, CkaDistance::new);
      case TARGET -> DistanceFamily.<double[]>of(TaskRecord::yTrain,
          (s, ids) -> TargetAndFeatureDistances.target(array(s)));
      case KL -> DistanceFamily.<double[]>of(TaskRecord::yTrain,
          (s, ids) -> HistogramDistances.kl(array(s)));
      case JS_TARGET -> DistanceFamily.<double[]>of(TaskRecord::yTrain,
          (s, ids) -> HistogramDistances.jensenShannon(array(s)));
      case WASSERSTEIN -> DistanceFamily.of(t -> TaskSummaries.sorted(t.yTrain()),
          (s, ids) -> new WassersteinDistance(array(s), true));
      case MEAN_COV_FEATURE -> DistanceFamily.of(
          t -> TaskSummaries.meanAndCovariance(t.xTrain(), t.trainRows(), t.featureCount()),
          (s, ids) -> TargetAndFeatureDistances.meanCovariance(s));
    };
  }

  /**
   * This distance when it is an embedding, else MODEL: the per-task vectors that cluster trees
   * cluster and that predict's nearest-task fallback compares.
   */
  public DistanceKind asEmbedding() {
    return isEmbedding() ? this : MODEL;
  }

  /** The task's vector under an embedding distance (gradient, model, observed-label). */
  @SuppressWarnings("unchecked")
  public double[] embed(TaskRecord t) {
    if (!isEmbedding()) {
      throw new IllegalStateException(this + " is not an embedding distance");
    }
    return ((DistanceFamily<double[]>) family()).summarise(t);
  }

  /** The distance between tasks summarised here, on the driver (tests, small task sets). */
  public TaskDistance between(List<TaskRecord> tasks) {
    return local(family(), tasks);
  }

  private static <S> TaskDistance local(DistanceFamily<S> f, List<TaskRecord> tasks) {
    List<S> summaries = tasks.stream().map(f::summarise).toList();
    return f.over(summaries, tasks.stream().map(TaskRecord::id).toArray(String[]::new));
  }

  private static DistanceFamily<double[]> embedding(DistanceFamily.Summariser<double[]> f) {
    return DistanceFamily.of(f, (s, ids) -> new EmbeddingDistance(array(s)));
  }

  private static FeatureRows rows(TaskRecord t) {
    return new FeatureRows(t.xTrain(), t.trainRows(), t.featureCount());
  }

  private static double[][] array(List<double[]> summaries) {
    return summaries.toArray(new double[0][]);
  }

  public static DistanceKind fromConfig(String key, String name) {
    return ConfigName.parse(DistanceKind.class, key, name);
  }
}
