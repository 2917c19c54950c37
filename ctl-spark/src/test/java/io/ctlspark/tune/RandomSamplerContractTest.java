package io.ctlspark.tune;

/** The sampler contract for the RANDOM sampler. */
class RandomSamplerContractTest extends SamplerContract {
  @Override
  protected SamplerType type() {
    return SamplerType.RANDOM;
  }
}
