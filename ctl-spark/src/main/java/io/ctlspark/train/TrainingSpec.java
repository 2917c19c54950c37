package io.ctlspark.train;

import io.ctlspark.config.ConfigName;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a task's steps are taken: the learning rate, the step rule (and its momentum), and the seed
 * every task's initialisation and sampling derive from.
 */
public record TrainingSpec(double eta, StepRule optimizer, double momentum, long seed)
    implements Serializable {
  public TrainingSpec {
    Setting.ETA.check(eta);
    Objects.requireNonNull(optimizer, "optimizer");
    Setting.MOMENTUM.check(momentum);
  }

  public static TrainingSpec from(SettingSource src) {
    return new TrainingSpec(src.number(Setting.ETA),
        ConfigName.parse(StepRule.class, Setting.OPTIMIZER, src.string(Setting.OPTIMIZER)),
        src.number(Setting.MOMENTUM), src.longValue(Setting.SEED));
  }

  /** Full-batch gradient descent with this learning rate and step rule. */
  public GradientDescent descent() {
    return new GradientDescent(eta, optimizer, momentum);
  }
}
