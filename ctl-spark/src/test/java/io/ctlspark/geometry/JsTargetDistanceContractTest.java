package io.ctlspark.geometry;

/** The task distance contract for the js-target distance. */
class JsTargetDistanceContractTest extends DistanceContract {
  @Override
  protected DistanceKind kind() {
    return DistanceKind.JS_TARGET;
  }
}
