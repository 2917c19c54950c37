package io.ctlspark.model;

import java.util.SplittableRandom;

/**
 * The model contract for the logistic model: cross-entropy loss; its gradient also carries the L2
 * penalty REG/2 ||theta||^2 (as the reference's weight decay), which the reported loss leaves out.
 */
class LogisticModelContractTest extends ModelContract {
  @Override
  protected ModelType type() {
    return ModelType.LOGISTIC;
  }

  @Override
  protected double rowLoss(double p, double y) {
    return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
  }

  @Override
  protected double objective(double loss, double[] params) {
    double sq = 0;
    for (double v : params) {
      sq += v * v;
    }
    return loss + LogisticModel.REG / 2 * sq;
  }

  @Override
  protected double label(SplittableRandom rng) {
    return rng.nextBoolean() ? 1 : 0;
  }
}
