package io.ctlspark.geometry;

/** The task distance contract for the mmd-feature distance. */
class MmdFeatureDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.MMD_FEATURE;
  }
}
