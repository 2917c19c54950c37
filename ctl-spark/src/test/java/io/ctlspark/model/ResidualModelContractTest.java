package io.ctlspark.model;

/** The model contract for the residual model (mean squared error). */
class ResidualModelContractTest extends ModelContract {
  @Override
  protected ModelType type() {
    return ModelType.RESIDUAL;
  }

  @Override
  protected double rowLoss(double prediction, double y) {
    return (prediction - y) * (prediction - y);
  }
}
