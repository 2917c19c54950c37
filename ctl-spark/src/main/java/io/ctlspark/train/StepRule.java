package io.ctlspark.train;

import io.ctlspark.config.ConfigName;

/**
 * ctl.train.optimizer: how a gradient becomes an update. Every update counts as one step of the
 * budget, whatever the rule. A task's rule state (momentum, Adam's moments) starts fresh when the
 * task starts: what a child inherits from its parent is parameters only, as in the reference.
 *
 * <p>Contract of an {@link Updater}: a fresh one leaves the parameters in place on a zero gradient,
 * the same gradients give the same parameters, and small steps descend a convex loss.
 * {@code train.StepRuleContract} checks every rule against it.
 */
public enum StepRule implements ConfigName {
  /** The reference rule: clip the gradient's global L2 norm to 1, then p <- p - eta g. */
  GD_CLIPPED,
  /** p <- p - eta g, unclipped. */
  GD,
  /** Heavy ball, as torch.optim.SGD with momentum mu (0.9): v <- mu v + g; p <- p - eta v. */
  MOMENTUM,
  /**
   * Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, epsilon 1e-8): bias-corrected first
   * and second moments, p <- p - eta m_hat / (sqrt(v_hat) + epsilon).
   */
  ADAM;

  public static final double ADAM_BETA1 = 0.9;
  public static final double ADAM_BETA2 = 0.999;
  public static final double ADAM_EPSILON = 1e-8;

  /** A fresh updater for one task (or the pooled model) of {@code size} parameters. */
  public Updater start(int size, double eta, double momentum) {
    return switch (this) {
      case GD_CLIPPED -> (p, g) -> {
        GradientClipping.clipGlobalNorm(g);
        for (int i = 0; i < p.length; i++) {
          p[i] -= eta * g[i];
        }
      };
      case GD -> (p, g) -> {
        for (int i = 0; i < p.length; i++) {
          p[i] -= eta * g[i];
        }
      };
      case MOMENTUM -> {
        double[] v = new double[size];
        boolean[] first = {true};
        yield (p, g) -> {
          for (int i = 0; i < p.length; i++) {
            // torch.optim.SGD: the first buffer is the gradient itself.
            v[i] = first[0] ? g[i] : momentum * v[i] + g[i];
            p[i] -= eta * v[i];
          }
          first[0] = false;
        };
      }
      case ADAM -> {
        double[] m = new double[size];
        double[] v = new double[size];
        int[] t = {0};
        yield (p, g) -> {
          t[0]++;
          double c1 = 1 - Math.pow(ADAM_BETA1, t[0]);
          double c2 = 1 - Math.pow(ADAM_BETA2, t[0]);
          for (int i = 0; i < p.length; i++) {
            m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g[i];
            v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g[i] * g[i];
            p[i] -= eta * (m[i] / c1) / (Math.sqrt(v[i] / c2) + ADAM_EPSILON);
          }
        };
      }
    };
  }

  /** Applies one update to parameters {@code p} in place; may modify the gradient. */
  @FunctionalInterface
  public interface Updater {
    void update(double[] p, double[] grad);
  }
}
