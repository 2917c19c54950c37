package io.ctlspark.geometry;

/** The task distance contract for the kl distance. */
class KlDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.KL;
  }
}
