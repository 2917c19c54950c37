package io.ctlspark.run;

import java.util.List;

/** The training method contract for PooledRootCascade. */
class PooledRootCascadeMethodContractTest extends MethodContract {
  @Override
  protected List<String> settings() {
    return List.of("ctl.method=cascade", "ctl.tree.root=pooled");
  }
}
