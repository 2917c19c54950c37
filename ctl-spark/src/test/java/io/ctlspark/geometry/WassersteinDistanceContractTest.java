package io.ctlspark.geometry;

/** The task distance contract for the wasserstein distance. */
class WassersteinDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.WASSERSTEIN;
  }
}
