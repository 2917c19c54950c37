package io.ctlspark.run;

import io.ctlspark.budget.AllocationScheme;
import io.ctlspark.budget.AllocationSpec;
import io.ctlspark.cascade.BlockPlanning;
import io.ctlspark.config.ConfigName;
import io.ctlspark.data.InputSpec;
import io.ctlspark.eval.BaselineSpec;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.Layout;
import io.ctlspark.features.TimeSplit;
import io.ctlspark.model.ModelSpec;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import io.ctlspark.train.TrainingSpec;
import io.ctlspark.tree.TreeSpec;
import java.util.Objects;

/**
 * The typed, validated specification of one training run: one small spec per component, each
 * validating itself. The command line builds it from a configuration, the Spark ML estimator from
 * its Params, both through {@link #from}; no component reads configuration keys.
 *
 * @param blocks how the engine cuts the tree into Spark stages
 * @param split how raw series are split in time; null for the wide layout
 * @param baselines the optional baselines scored beside the run
 */
public record RunSpec(Method method, ModelSpec model, TrainingSpec training, TreeSpec tree,
    AllocationSpec allocation, BlockPlanning blocks, InputSpec input, FeatureSpec features,
    TimeSplit split, BaselineSpec baselines) {
  public RunSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(baselines, "baselines");
    if (method == Method.CASCADE && tree.pooledRoot()
        && allocation.scheme() != AllocationScheme.REFERENCE) {
      throw new InvalidSettingException("{0} = pooled shares the steps uniformly; it cannot be "
          + "combined with {1} = " + allocation.scheme().configName(), Setting.ROOT,
          Setting.ALLOCATION);
    }
  }

  /** Every component's spec read from {@code src}. */
  public static RunSpec from(SettingSource src) {
    Method method = ConfigName.parse(Method.class, Setting.METHOD, src.string(Setting.METHOD));
    ModelSpec model = ModelSpec.from(src);
    AllocationSpec allocation = AllocationSpec.from(src);
    TrainingSpec training = TrainingSpec.from(src);
    TreeSpec tree = TreeSpec.from(src);
    BlockPlanning blocks = BlockPlanning.from(src);
    InputSpec input = InputSpec.from(src);
    FeatureSpec features = FeatureSpec.from(src);
    TimeSplit split = features.layout == Layout.LONG ? TimeSplit.from(src, features.zone())
        : null;
    return new RunSpec(method, model, training, tree, allocation, blocks, input, features,
        split, BaselineSpec.from(src));
  }

  /**
   * The configuration names a CHOICE setting accepts, in declaration order; empty for the
   * settings that are not choices. The Spark ML Params check values against them when set.
   */
  public static java.util.List<String> choices(Setting s) {
    return switch (s) {
      case METHOD -> ConfigName.names(Method.class);
      case MODEL_TYPE -> ConfigName.names(io.ctlspark.model.ModelType.class);
      case OPTIMIZER -> ConfigName.names(io.ctlspark.train.StepRule.class);
      case ZERO_STEP_TASKS -> ConfigName.names(io.ctlspark.budget.ZeroStepPolicy.class);
      case TREE_TYPE -> ConfigName.names(io.ctlspark.tree.TreeType.class);
      case DISTANCE -> ConfigName.names(io.ctlspark.geometry.DistanceKind.class);
      case ALLOCATION -> ConfigName.names(AllocationScheme.class);
      case EMPTY_TASKS -> ConfigName.names(io.ctlspark.data.EmptyTaskPolicy.class);
      case FORMAT -> ConfigName.names(io.ctlspark.data.TableFormat.class);
      case LAYOUT -> ConfigName.names(Layout.class);
      case GAPS -> ConfigName.names(io.ctlspark.features.GapPolicy.class);
      default -> java.util.List.of();
    };
  }

  /** A short name for tables: "mst-gradient", "star", "indiv", ... */
  public String label() {
    return method == Method.CASCADE ? tree.label() : method.configName();
  }
}
