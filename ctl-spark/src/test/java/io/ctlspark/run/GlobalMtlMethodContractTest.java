package io.ctlspark.run;

import java.util.List;

/** The training method contract for GlobalMtl. */
class GlobalMtlMethodContractTest extends MethodContract {
  @Override
  protected List<String> settings() {
    return List.of("ctl.method=global-mtl");
  }
}
