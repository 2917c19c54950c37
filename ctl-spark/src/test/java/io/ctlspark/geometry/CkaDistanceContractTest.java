package io.ctlspark.geometry;

/** The task distance contract for the cka distance. */
class CkaDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.CKA;
  }
}
