package io.ctlspark.geometry;

/** The task distance contract for the target distance. */
class TargetDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.TARGET;
  }
}
