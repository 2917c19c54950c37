package io.ctlspark.method;

/**
 * One way of training every task under the global budget: the cascade along a tree, the cascade
 * from a pooled source, independent training, one global model, and the baselines to come. A
 * method plans its steps and runs them on the engine; the run around it loads the data before and
 * evaluates and writes after, whatever the method.
 *
 * <p>Contract: the result's steps (planned and counted, the pooled source's included) never exceed
 * the budget; every task gets parameters; results are deterministic for a given seed, whatever the
 * partitioning. {@code run.MethodContractTest} checks every registered method against it.
 */
public interface TrainingMethod {
  MethodResult train(MethodContext ctx);
}
