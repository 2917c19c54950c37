package io.ctlspark.run;

import io.ctlspark.BadInputException;
import io.ctlspark.budget.AllocationScheme;
import io.ctlspark.budget.ZeroStepPolicy;
import io.ctlspark.cascade.BlockPlanning;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.EmptyTaskPolicy;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.model.ModelType;
import io.ctlspark.train.GradientDescent;
import io.ctlspark.train.StepRule;
import io.ctlspark.tree.TreeType;

/** The typed, validated settings of one run, read once from a {@link CtlConfig}. */
public final class RunSettings {
  /** ctl.tree.root value for the pooled root rule. */
  public static final String POOLED_ROOT = "pooled";

  public final Method method;
  public final ModelType modelType;
  public final int hidden;
  public final double eps;
  public final long budget;
  public final double seedFraction;
  public final double eta;
  public final StepRule optimizer;
  public final double momentum;
  public final long seed;
  public final ZeroStepPolicy zeroSteps;
  public final TreeType treeType;
  public final DistanceKind distance;
  public final String root;
  public final int clusters;
  public final int approximateAbove;
  public final int maxDepth;
  public final double depthPenalty;
  public final AllocationScheme allocation;
  public final double alpha;
  public final double beta;
  public final BlockPlanning blockPlanning;
  public final TaskColumns columns;
  public final EmptyTaskPolicy emptyTasks;
  public final FeatureSpec features;

  public RunSettings(CtlConfig c) {
    method = Method.fromConfig("ctl.method", c.requiredString("ctl.method"));
    modelType = ModelType.fromConfig("ctl.model.type", c.requiredString("ctl.model.type"));
    hidden = c.integer("ctl.model.hidden");
    if (hidden < 1) {
      throw new BadInputException("ctl.model.hidden: must be at least 1, got " + hidden);
    }
    eps = c.number("ctl.model.eps");
    budget = c.longValue("ctl.train.budget");
    if (budget < 1) {
      throw new BadInputException("ctl.train.budget: must be at least 1, got " + budget);
    }
    seedFraction = c.number("ctl.train.seed-fraction");
    if (!(seedFraction > 0 && seedFraction <= 1)) {
      throw new BadInputException("ctl.train.seed-fraction: must be in (0, 1], got "
          + seedFraction);
    }
    eta = c.number("ctl.train.eta");
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new BadInputException("ctl.train.eta: must be a positive number, got " + eta);
    }
    optimizer = StepRule.fromConfig("ctl.train.optimizer",
        c.requiredString("ctl.train.optimizer"));
    momentum = c.number("ctl.train.momentum");
    if (!(momentum >= 0 && momentum < 1)) {
      throw new BadInputException("ctl.train.momentum: must be in [0, 1), got " + momentum);
    }
    seed = c.longValue("ctl.train.seed");
    zeroSteps = ZeroStepPolicy.fromConfig("ctl.train.zero-step-tasks",
        c.requiredString("ctl.train.zero-step-tasks"));
    treeType = TreeType.fromConfig("ctl.tree.type", c.requiredString("ctl.tree.type"));
    distance = DistanceKind.fromConfig("ctl.tree.distance", c.requiredString("ctl.tree.distance"));
    root = c.requiredString("ctl.tree.root");
    clusters = c.integer("ctl.tree.clusters");
    approximateAbove = c.integer("ctl.tree.approximate-above");
    maxDepth = c.integer("ctl.tree.max-depth");
    if (maxDepth < 1) {
      throw new BadInputException("ctl.tree.max-depth: must be at least 1, got " + maxDepth);
    }
    depthPenalty = c.number("ctl.tree.depth-penalty");
    if (!(depthPenalty >= 0) || Double.isInfinite(depthPenalty)) {
      throw new BadInputException("ctl.tree.depth-penalty: must be a number >= 0, got "
          + depthPenalty);
    }
    allocation = AllocationScheme.fromConfig("ctl.allocation.scheme",
        c.requiredString("ctl.allocation.scheme"));
    if (root.equals(POOLED_ROOT) && allocation != AllocationScheme.REFERENCE) {
      throw new BadInputException("ctl.tree.root = pooled shares the steps uniformly; it cannot "
          + "be combined with ctl.allocation.scheme = " + allocation.configName());
    }
    alpha = c.number("ctl.allocation.alpha");
    beta = c.number("ctl.allocation.beta");
    int blockSize = c.integer("ctl.cascade.block-size");
    if (blockSize < 0) {
      throw new BadInputException("ctl.cascade.block-size: must be 0 (automatic) or more, got "
          + blockSize);
    }
    double stageCost = c.number("ctl.cascade.stage-cost");
    if (!(stageCost >= 0) || Double.isInfinite(stageCost)) {
      throw new BadInputException("ctl.cascade.stage-cost: must be a finite number >= 0, got "
          + stageCost);
    }
    blockPlanning = new BlockPlanning(blockSize, stageCost);
    columns = new TaskColumns(c.requiredString("ctl.data.task-col"),
        c.requiredString("ctl.data.label-col"), c.stringList("ctl.data.feature-cols"),
        c.string("ctl.data.feature-prefix"));
    emptyTasks = EmptyTaskPolicy.fromConfig("ctl.data.empty-tasks",
        c.requiredString("ctl.data.empty-tasks"));
    features = new FeatureSpec(c);
  }

  /** Full-batch gradient descent with this run's learning rate and step rule. */
  public GradientDescent descent() {
    return new GradientDescent(eta, optimizer, momentum);
  }

  /** A short name for tables: "mst-gradient", "star", "indiv", ... */
  public String label() {
    return switch (method) {
      case INDIV, GLOBAL_MTL -> method.configName();
      case CASCADE -> treeType.usesDistance()
          ? treeType.configName() + "-" + distance.configName() : treeType.configName();
    };
  }
}
