package io.ctlspark.model;

import io.ctlspark.config.ConfigName;

/** The model classes of the method, by their configuration names. */
public enum ModelType implements ConfigName {
  LINEAR,
  MLP,
  RESIDUAL,
  LOGISTIC;

  /** True for class labels (0/1), which are not standardised. */
  public boolean isClassifier() {
    return this == LOGISTIC;
  }

  /** The model of this type for d inputs; hidden and eps are used by mlp and residual only. */
  public Model create(int inputDim, int hidden, double eps) {
    return switch (this) {
      case LINEAR -> new LinearModel(inputDim);
      case MLP -> new MlpModel(inputDim, hidden);
      case RESIDUAL -> new ResidualModel(inputDim, hidden, eps);
      case LOGISTIC -> new LogisticModel(inputDim);
    };
  }

  public static ModelType fromConfig(String key, String name) {
    return ConfigName.parse(ModelType.class, key, name);
  }
}
