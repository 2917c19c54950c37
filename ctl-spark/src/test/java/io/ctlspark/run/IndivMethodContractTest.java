package io.ctlspark.run;

import java.util.List;

/** The training method contract for Indiv. */
class IndivMethodContractTest extends MethodContract {
  @Override
  protected List<String> settings() {
    return List.of("ctl.method=indiv");
  }
}
