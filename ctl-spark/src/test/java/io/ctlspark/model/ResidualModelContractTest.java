package io.ctlspark.model;

/** The model contract for the residual model (mean squared error). */
class ResidualModelContractTest extends ModelContract {
  @Override
  protected ModelType type() {
    return ModelType.RESIDUAL;
  }
}
