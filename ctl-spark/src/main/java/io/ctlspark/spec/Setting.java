package io.ctlspark.spec;

import java.util.Locale;

/**
 * Every setting of a training run, by identity: its configuration key (for HOCON files and
 * {@code --set}), its Spark ML Param name, its kind and the check its value must pass. Components
 * name a setting by this identity in their errors ({@link InvalidSettingException}); the boundary
 * that read the value renders the name its user wrote: the key on the command line, the Param in a
 * Spark ML pipeline. One enum, so that the configuration reader and the Spark ML Params cannot
 * drift apart: a setting added here is a key and a Param at once.
 */
public enum Setting {
  METHOD("ctl.method", Kind.CHOICE, "what is trained: cascade | indiv | global-mtl", null),
  MODEL_TYPE("ctl.model.type", Kind.CHOICE, "model class: linear | mlp | residual | logistic",
      null),
  HIDDEN("ctl.model.hidden", Kind.INT, "hidden units of mlp and residual", Check.atLeast(1)),
  EPS("ctl.model.eps", Kind.DOUBLE, "weight of the MLP part of residual", Check.finite()),
  // A task's steps are an int: a budget past that could never be spent (nor end).
  BUDGET("ctl.train.budget", Kind.LONG, "global budget of gradient steps",
      Check.between(1, Integer.MAX_VALUE)),
  SEED_FRACTION("ctl.train.seed-fraction", Kind.DOUBLE, "share of the budget for the root",
      Check.fraction()),
  ETA("ctl.train.eta", Kind.DOUBLE, "learning rate", Check.positive()),
  OPTIMIZER("ctl.train.optimizer", Kind.CHOICE,
      "step rule: gd-clipped (the reference) | gd | momentum | adam", null),
  MOMENTUM("ctl.train.momentum", Kind.DOUBLE, "momentum of the momentum step rule, in [0, 1)",
      Check.unitInterval()),
  SEED("ctl.train.seed", Kind.LONG, "run seed", null),
  ZERO_STEP_TASKS("ctl.train.zero-step-tasks", Kind.CHOICE,
      "a budget too small for one step per task: error | transfer", null),
  TREE_TYPE("ctl.tree.type", Kind.CHOICE,
      "mst | star | random | depth-bounded | budget-aware | cluster-star | cluster-mst", null),
  DISTANCE("ctl.tree.distance", Kind.CHOICE, "task distance of the tree", null),
  ROOT("ctl.tree.root", Kind.STRING, "medoid, pooled or a task id", Check.nonBlank()),
  CLUSTERS("ctl.tree.clusters", Kind.INT, "clusters of the cluster trees", Check.atLeast(1)),
  APPROXIMATE_ABOVE("ctl.tree.approximate-above", Kind.INT,
      "tasks above which an embedding MST is approximate", Check.atLeast(1)),
  MAX_DEPTH("ctl.tree.max-depth", Kind.INT, "depth limit of the depth-bounded tree",
      Check.atLeast(1)),
  DEPTH_PENALTY("ctl.tree.depth-penalty", Kind.DOUBLE, "lambda of the budget-aware tree",
      Check.finiteAtLeastZero()),
  ALLOCATION("ctl.allocation.scheme", Kind.CHOICE,
      "reference | uniform | depth-increasing | depth-decreasing | edge-length | hybrid", null),
  ALPHA("ctl.allocation.alpha", Kind.DOUBLE, "depth exponent of the weighted allocations",
      Check.finite()),
  BETA("ctl.allocation.beta", Kind.DOUBLE, "edge-length exponent of the weighted allocations",
      Check.finite()),
  BLOCK_SIZE("ctl.cascade.block-size", Kind.INT, "tasks per engine block, 0 for cost-based bands",
      Check.atLeast(0)),
  STAGE_COST("ctl.cascade.stage-cost", Kind.DOUBLE,
      "fixed cost of one Spark stage, in parameter-row gradients", Check.finiteAtLeastZero()),
  POOLED_TASK_BYTES("ctl.cascade.pooled-task-bytes", Kind.LONG,
      "largest pooled training data (bytes) global MTL of a non-linear model trains in one task",
      Check.atLeast(0)),
  EMPTY_TASKS("ctl.data.empty-tasks", Kind.CHOICE, "a task with no usable rows: fail | skip",
      null),

  // How tables are read and samples made: configuration only (a Spark ML estimator is given a
  // DataFrame with a features column instead).
  FORMAT("ctl.data.format", Kind.CHOICE, "auto | csv | parquet", null, Scope.CONFIGURATION),
  TRAIN("ctl.data.train", Kind.STRING, "training table (wide layout)", null, Scope.CONFIGURATION),
  TEST("ctl.data.test", Kind.STRING, "test table (wide layout)", null, Scope.CONFIGURATION),
  SERIES("ctl.data.series", Kind.STRING, "raw series (long layout)", null, Scope.CONFIGURATION),
  LAYOUT("ctl.data.layout", Kind.CHOICE, "wide | long", null, Scope.CONFIGURATION),
  TASK_COL("ctl.data.task-col", Kind.STRING, "task id column", Check.nonBlank(),
      Scope.CONFIGURATION),
  LABEL_COL("ctl.data.label-col", Kind.STRING, "label column", Check.nonBlank(),
      Scope.CONFIGURATION),
  FEATURE_COLS("ctl.data.feature-cols", Kind.LIST, "feature columns", null, Scope.CONFIGURATION),
  FEATURE_PREFIX("ctl.data.feature-prefix", Kind.STRING, "prefix of the feature columns", null,
      Scope.CONFIGURATION),
  SERIES_COL("ctl.data.series-col", Kind.STRING, "series id column (long layout)", null,
      Scope.CONFIGURATION),
  VALUE_COL("ctl.data.value-col", Kind.STRING, "value column (long layout)", null,
      Scope.CONFIGURATION),
  TIME_COL("ctl.data.time-col", Kind.STRING, "timestamp column", null, Scope.CONFIGURATION),
  TIME_ZONE("ctl.data.time-zone", Kind.STRING, "zone of wall-clock timestamps", Check.nonBlank(),
      Scope.CONFIGURATION),
  LAGS("ctl.features.lags", Kind.INT, "lags per sample (long layout)", null, Scope.CONFIGURATION),
  EXTRA_LAGS("ctl.features.extra-lags", Kind.LIST,
      "lags past 1..lags, e.g. [168]: a week back on hourly data (long layout)", null,
      Scope.CONFIGURATION),
  CALENDAR("ctl.features.calendar", Kind.BOOLEAN, "calendar features", null, Scope.CONFIGURATION),
  HORIZON("ctl.features.horizon", Kind.INT, "forecast horizon in intervals", null,
      Scope.CONFIGURATION),
  INTERVAL("ctl.features.interval", Kind.DURATION, "sampling interval of the series", null,
      Scope.CONFIGURATION),
  GAPS("ctl.features.gaps", Kind.CHOICE, "drop | fail", null, Scope.CONFIGURATION),
  TRAIN_END("ctl.split.train-end", Kind.STRING, "last training target time", null,
      Scope.CONFIGURATION),
  VALIDATION_END("ctl.split.validation-end", Kind.STRING, "last validation target time", null,
      Scope.CONFIGURATION),
  TEST_END("ctl.split.test-end", Kind.STRING, "last test target time", null, Scope.CONFIGURATION),
  TRAIN_ROWS("ctl.split.train-rows", Kind.INT, "training samples per series", Check.atLeast(0),
      Scope.CONFIGURATION),
  VALIDATION_ROWS("ctl.split.validation-rows", Kind.INT, "validation samples per series",
      Check.atLeast(0), Scope.CONFIGURATION),
  TEST_ROWS("ctl.split.test-rows", Kind.INT, "test samples per series", Check.atLeast(0),
      Scope.CONFIGURATION),
  BASELINE_GBT("ctl.baselines.gbt", Kind.BOOLEAN,
      "also score one global gradient-boosted-trees model", null, Scope.CONFIGURATION),
  GBT_TREES("ctl.baselines.gbt-trees", Kind.INT, "trees of the global GBT baseline",
      Check.atLeast(1), Scope.CONFIGURATION),
  GBT_DEPTH("ctl.baselines.gbt-depth", Kind.INT, "depth of the global GBT baseline's trees",
      Check.between(1, 30), Scope.CONFIGURATION),
  TUNE_VALIDATION_ROWS("ctl.tune.validation-rows", Kind.INT,
      "training rows per task a search validates on", Check.atLeast(1), Scope.CONFIGURATION);

  /** The type of a setting's value. CHOICE is a configuration name of an enum. */
  public enum Kind { STRING, CHOICE, INT, LONG, DOUBLE, BOOLEAN, LIST, DURATION }

  /**
   * RUN settings are Spark ML Params too; CONFIGURATION settings say how files are read (or how a
   * search splits them), which a Spark ML estimator, given a DataFrame, does not need.
   */
  public enum Scope { RUN, CONFIGURATION }

  private final String key;
  private final Kind kind;
  private final String doc;
  private final Check check;
  private final Scope scope;

  Setting(String key, Kind kind, String doc, Check check) {
    this(key, kind, doc, check, Scope.RUN);
  }

  Setting(String key, Kind kind, String doc, Check check, Scope scope) {
    this.key = key;
    this.kind = kind;
    this.doc = doc;
    this.check = check;
    this.scope = scope;
  }

  public Scope scope() {
    return scope;
  }

  /** The configuration key, e.g. ctl.train.budget. */
  public String key() {
    return key;
  }

  /** The Spark ML Param name, e.g. seedFraction: the enum name in lower camel case. */
  public String paramName() {
    String[] words = name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder b = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return b.toString();
  }

  public Kind kind() {
    return kind;
  }

  public String doc() {
    return doc;
  }

  /** Throws an {@link InvalidSettingException} naming this setting unless the value is valid. */
  public void check(Object value) {
    if (value == null) {
      throw new InvalidSettingException("{0} is required", this);
    }
    if (check != null) {
      check.check(this, value);
    }
  }

  /** A numeric setting's value check; the message says what is allowed and what was given. */
  interface Check {
    void check(Setting s, Object value);

    static Check atLeast(long min) {
      return between(min, Long.MAX_VALUE);
    }

    static Check between(long min, long max) {
      return (s, v) -> {
        long n = ((Number) v).longValue();
        if (n < min || n > max) {
          throw new InvalidSettingException("{0}: must be " + (max == Long.MAX_VALUE
              ? "at least " + min : "between " + min + " and " + max) + ", got " + n, s);
        }
      };
    }

    static Check finite() {
      return (s, v) -> {
        double d = ((Number) v).doubleValue();
        if (!Double.isFinite(d)) {
          throw new InvalidSettingException("{0}: must be a finite number, got " + d, s);
        }
      };
    }

    static Check finiteAtLeastZero() {
      return (s, v) -> {
        double d = ((Number) v).doubleValue();
        if (!(d >= 0) || Double.isInfinite(d)) {
          throw new InvalidSettingException("{0}: must be a finite number >= 0, got " + d, s);
        }
      };
    }

    static Check positive() {
      return (s, v) -> {
        double d = ((Number) v).doubleValue();
        if (!(d > 0) || Double.isInfinite(d)) {
          throw new InvalidSettingException("{0}: must be a positive number, got " + d, s);
        }
      };
    }

    static Check fraction() {
      return (s, v) -> {
        double d = ((Number) v).doubleValue();
        if (!(d > 0 && d <= 1)) {
          throw new InvalidSettingException("{0}: must be in (0, 1], got " + d, s);
        }
      };
    }

    static Check unitInterval() {
      return (s, v) -> {
        double d = ((Number) v).doubleValue();
        if (!(d >= 0 && d < 1)) {
          throw new InvalidSettingException("{0}: must be in [0, 1), got " + d, s);
        }
      };
    }

    static Check nonBlank() {
      return (s, v) -> {
        if (v.toString().isBlank()) {
          throw new InvalidSettingException("{0} is required", s);
        }
      };
    }
  }
}
