package io.ctlspark.model;

/** The model contract for the mlp model (mean squared error). */
class MlpModelContractTest extends ModelContract {
  @Override
  protected ModelType type() {
    return ModelType.MLP;
  }
}
