package io.ctlspark.tune;

/** The sampler contract for the TPE sampler. */
class TpeSamplerContractTest extends SamplerContract {
  @Override
  protected SamplerType type() {
    return SamplerType.TPE;
  }
}
