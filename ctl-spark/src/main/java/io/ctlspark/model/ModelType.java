package io.ctlspark.model;

import io.ctlspark.BadInputException;
import java.util.Arrays;
import java.util.Locale;

/** The model classes of the method, by their configuration names. */
public enum ModelType {
  LINEAR("linear"),
  MLP("mlp"),
  RESIDUAL("residual"),
  LOGISTIC("logistic");

  private final String configName;

  ModelType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

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
    for (ModelType t : values()) {
      if (t.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new BadInputException(key + ": unknown model type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(ModelType::configName).toList());
  }
}
