package io.ctlspark.run;

import io.ctlspark.config.ConfigName;
import io.ctlspark.method.CascadeMethod;
import io.ctlspark.method.GlobalMtlMethod;
import io.ctlspark.method.IndivMethod;
import io.ctlspark.method.PooledRootCascade;
import io.ctlspark.method.TrainingMethod;
import io.ctlspark.tree.TreeSpec;

/**
 * What a run trains (ctl.method), and the registry of the training methods: a new method is one
 * {@link TrainingMethod} class, one constant here, and a subclass of the method contract test.
 */
public enum Method implements ConfigName {
  CASCADE,
  INDIV,
  GLOBAL_MTL;

  /** The training method this name stands for, under the tree's root rule. */
  public TrainingMethod strategy(TreeSpec tree) {
    return switch (this) {
      case CASCADE -> tree.pooledRoot() ? new PooledRootCascade() : new CascadeMethod();
      case INDIV -> new IndivMethod();
      case GLOBAL_MTL -> new GlobalMtlMethod();
    };
  }
}
