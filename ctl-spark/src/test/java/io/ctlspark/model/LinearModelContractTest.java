package io.ctlspark.model;

/** The model contract for the linear model (mean squared error). */
class LinearModelContractTest extends ModelContract {
  @Override
  protected ModelType type() {
    return ModelType.LINEAR;
  }
}
