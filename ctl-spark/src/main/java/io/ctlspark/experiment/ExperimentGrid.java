package io.ctlspark.experiment;

import io.ctlspark.BadInputException;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.run.RunSpec;
import io.ctlspark.tree.TreeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * ctl.experiment: the grid of methods x budgets x learning rates x seed fractions x repeats, each
 * cell one training run with its own settings. Repeats differ by seed (ctl.train.seed + repeat):
 * initialisations and random trees change, the data do not.
 */
public final class ExperimentGrid {
  /** Method names of the paper's tables besides mst-&lt;distance&gt;. */
  public static final List<String> METHODS = List.of("indiv", "global-mtl", "star",
      "random-tree", "cluster-star", "cluster-mst", "depth-bounded", "budget-aware");

  /** One run of the grid. */
  public record Cell(String method, long budget, double eta, double seedFraction, int repeat,
      RunSpec settings) {

    /**
     * Cells with equal keys are the same run: indiv and global-mtl do not use the seed
     * fraction, so they are trained once per (budget, eta, repeat) and reported under every f.
     */
    public String runKey() {
      boolean usesFraction = !method.equals("indiv") && !method.equals("global-mtl");
      return method + "|" + budget + "|" + eta + "|" + (usesFraction ? seedFraction : "-")
          + "|" + repeat;
    }
  }

  private final List<Cell> cells = new ArrayList<>();
  private final int repeats;

  public ExperimentGrid(CtlConfig base) {
    List<String> methods = base.stringList("ctl.experiment.methods");
    if (methods.isEmpty()) {
      throw new BadInputException("ctl.experiment.methods: give at least one method");
    }
    List<Double> budgets = numbers(base, "ctl.experiment.budgets", "ctl.train.budget");
    List<Double> etas = numbers(base, "ctl.experiment.etas", "ctl.train.eta");
    List<Double> fractions = numbers(base, "ctl.experiment.seed-fractions",
        "ctl.train.seed-fraction");
    repeats = base.integer("ctl.experiment.repeats");
    if (repeats < 1) {
      throw new BadInputException("ctl.experiment.repeats: must be at least 1, got " + repeats);
    }
    String rootMode = base.requiredString("ctl.experiment.root-mode");
    if (!rootMode.equals("medoid") && !rootMode.equals(TreeSpec.POOLED_ROOT)) {
      throw new BadInputException("ctl.experiment.root-mode: unknown value '" + rootMode
          + "'; expected one of [medoid, pooled]");
    }
    long seed = base.longValue("ctl.train.seed");
    for (String method : methods) {
      CtlConfig m = withMethod(base, method).with("ctl.tree.root", rootMode);
      for (double b : budgets) {
        if (b != Math.rint(b) || b < 1) {
          throw new BadInputException("ctl.experiment.budgets: " + b + " is not a whole number "
              + "of steps of at least 1");
        }
        for (double eta : etas) {
          for (double f : fractions) {
            for (int r = 0; r < repeats; r++) {
              RunSpec s = RunSpec.from(m.with("ctl.train.budget", (long) b)
                  .with("ctl.train.eta", eta).with("ctl.train.seed-fraction", f)
                  .with("ctl.train.seed", seed + r));
              cells.add(new Cell(method, (long) b, eta, f, r, s));
            }
          }
        }
      }
    }
  }

  public List<Cell> cells() {
    return cells;
  }

  public int repeats() {
    return repeats;
  }

  /** A method name of the paper's tables as ctl settings. */
  static CtlConfig withMethod(CtlConfig c, String method) {
    if (method.startsWith("mst-")) {
      String distance = method.substring(4);
      DistanceKind.fromConfig("ctl.experiment.methods (" + method + ")", distance);
      return c.with("ctl.method", "cascade").with("ctl.tree.type", "mst")
          .with("ctl.tree.distance", distance);
    }
    return switch (method) {
      case "indiv", "global-mtl" -> c.with("ctl.method", method);
      case "random-tree" -> c.with("ctl.method", "cascade").with("ctl.tree.type", "random");
      case "star", "cluster-star", "cluster-mst", "depth-bounded", "budget-aware" ->
          c.with("ctl.method", "cascade").with("ctl.tree.type", method);
      default -> throw new BadInputException("ctl.experiment.methods: unknown method '" + method
          + "'; expected one of " + METHODS + " or mst-<distance>");
    };
  }

  /** The numbers of a list key, or the single value of {@code fallback} when the list is empty. */
  private static List<Double> numbers(CtlConfig c, String key, String fallback) {
    List<String> raw = c.stringList(key);
    if (raw.isEmpty()) {
      return List.of(c.number(fallback));
    }
    List<Double> out = new ArrayList<>();
    for (String s : raw) {
      try {
        out.add(Double.parseDouble(s.trim()));
      } catch (NumberFormatException e) {
        throw new BadInputException(key + ": '" + s + "' is not a number");
      }
    }
    return out;
  }
}
