package io.ctlspark.model;

import io.ctlspark.config.ConfigName;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.Serializable;
import java.util.Objects;

/**
 * The model of a run: its class and hyperparameters, which make the model once the input dimension
 * is known. A run folder stores it (manifest.json's model object), and predict and the Spark ML
 * model read it back, so every reader makes the model the run trained.
 *
 * @param hidden hidden units of mlp and residual (ignored by linear and logistic)
 * @param eps weight of the MLP part of residual (ignored by the others)
 */
public record ModelSpec(ModelType type, int hidden, double eps) implements Serializable {
  public ModelSpec {
    Objects.requireNonNull(type, "type");
    Setting.HIDDEN.check(hidden);
    Setting.EPS.check(eps);
  }

  public static ModelSpec from(SettingSource src) {
    return new ModelSpec(
        ConfigName.parse(ModelType.class, Setting.MODEL_TYPE, src.string(Setting.MODEL_TYPE)),
        src.integer(Setting.HIDDEN), src.number(Setting.EPS));
  }

  /** The model for {@code inputDim} features. */
  public Model create(int inputDim) {
    return type.create(inputDim, hidden, eps);
  }

  /** True for class labels (0/1), which are not standardised. */
  public boolean isClassifier() {
    return type.isClassifier();
  }
}
