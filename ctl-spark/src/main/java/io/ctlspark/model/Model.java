package io.ctlspark.model;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A model of one task, with all of its parameters in one flat double[] so that a parent's trained
 * parameters can be broadcast and copied into a child as they are. Inputs are a task's standardised
 * rows, row-major: row i of an n x d matrix starts at x[i * d].
 *
 * <p>Contract: the gradient lossAndGradient writes is that of the training objective (the loss,
 * plus any penalty the model adds, like logistic's L2 term) to finite-difference precision; the
 * loss is the mean of each row's loss at {@link #predict}; initial parameters are a function of
 * the generator's state. {@code model.ModelContract} checks every {@link ModelType} against it.
 */
public interface Model extends Serializable {

  /** Number of input features d. */
  int inputDim();

  /** Length of the flat parameter vector. */
  int parameterCount();

  /** Fresh parameters, drawn from {@code rng} as the method specifies for this model class. */
  double[] initialParameters(SplittableRandom rng);

  /** Prediction for one row (on the standardised scale; a probability for logistic). */
  double predict(double[] params, double[] x, int rowOffset);

  /**
   * Training loss over n rows, and its gradient with respect to every parameter written into
   * {@code grad} (overwritten, length {@link #parameterCount()}).
   */
  double lossAndGradient(double[] params, double[] x, double[] y, int n, double[] grad);
}
