package io.ctlspark.tune;

/** The sampler contract for the GRID sampler. */
class GridSamplerContractTest extends SamplerContract {
  @Override
  protected SamplerType type() {
    return SamplerType.GRID;
  }
}
