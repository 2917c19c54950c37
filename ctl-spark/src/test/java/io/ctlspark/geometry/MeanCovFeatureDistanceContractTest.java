package io.ctlspark.geometry;

/** The task distance contract for the mean-cov-feature distance. */
class MeanCovFeatureDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.MEAN_COV_FEATURE;
  }
}
