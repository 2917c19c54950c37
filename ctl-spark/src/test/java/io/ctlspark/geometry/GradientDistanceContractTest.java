package io.ctlspark.geometry;

/** The task distance contract for the gradient distance. */
class GradientDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.GRADIENT;
  }
}
