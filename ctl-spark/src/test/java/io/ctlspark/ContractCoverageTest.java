package io.ctlspark;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ctlspark.budget.AllocationRuleContract;
import io.ctlspark.budget.AllocationScheme;
import io.ctlspark.geometry.DistanceContract;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.model.ModelContract;
import io.ctlspark.model.ModelType;
import io.ctlspark.run.Method;
import io.ctlspark.run.MethodContract;
import io.ctlspark.train.StepRule;
import io.ctlspark.train.StepRuleContract;
import io.ctlspark.tree.TreeBuilderContract;
import io.ctlspark.tree.TreeType;
import io.ctlspark.tune.SamplerContract;
import io.ctlspark.tune.SamplerType;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every registered implementation has its contract test: for each constant of a registry enum
 * there is a concrete class named after it (TreeType.CLUSTER_MST: tree.ClusterMstContractTest)
 * that subclasses the registry's abstract contract. A new tree, distance, model, allocation rule,
 * step rule, sampler or training method without one fails here, naming the class to write.
 */
class ContractCoverageTest {

  static String camel(Enum<?> e) {
    StringBuilder b = new StringBuilder();
    for (String w : e.name().toLowerCase(Locale.ROOT).split("_")) {
      b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return b.toString();
  }

  private static void assertCovered(Class<? extends Enum<?>> registry, String suffix,
      Class<?> contract) {
    String pkg = contract.getPackageName();
    for (Enum<?> e : registry.getEnumConstants()) {
      String name = pkg + "." + camel(e) + suffix;
      try {
        Class<?> c = Class.forName(name);
        assertTrue(contract.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()),
            name + " must be a concrete subclass of " + contract.getSimpleName());
      } catch (ClassNotFoundException missing) {
        fail(registry.getSimpleName() + "." + e.name() + " has no contract test: write " + name
            + " extends " + contract.getSimpleName());
      }
    }
  }

  @Test
  void everyRegisteredImplementationHasItsContractTest() {
    assertCovered(TreeType.class, "ContractTest", TreeBuilderContract.class);
    assertCovered(AllocationScheme.class, "AllocationContractTest", AllocationRuleContract.class);
    assertCovered(ModelType.class, "ModelContractTest", ModelContract.class);
    assertCovered(StepRule.class, "StepRuleContractTest", StepRuleContract.class);
    assertCovered(DistanceKind.class, "DistanceContractTest", DistanceContract.class);
    assertCovered(SamplerType.class, "SamplerContractTest", SamplerContract.class);
    assertCovered(Method.class, "MethodContractTest", MethodContract.class);
  }
}
