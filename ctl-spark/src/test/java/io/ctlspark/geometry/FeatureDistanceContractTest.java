package io.ctlspark.geometry;

/** The task distance contract for the feature distance. */
class FeatureDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.FEATURE;
  }
}
