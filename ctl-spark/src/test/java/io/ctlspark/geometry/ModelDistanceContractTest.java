package io.ctlspark.geometry;

/** The task distance contract for the model distance. */
class ModelDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.MODEL;
  }
}
