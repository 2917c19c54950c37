package io.ctlspark.geometry;

/** The task distance contract for the observed-label distance. */
class ObservedLabelDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.OBSERVED_LABEL;
  }
}
