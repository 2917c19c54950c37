package io.ctlspark.experiment;

import io.ctlspark.eval.Skill;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The grid's results as tables: per-run rows, per-cell summaries over repeats (mean and standard
 * error), and the paper-style LaTeX table. The standard error is std / sqrt(repeats) with the
 * population std (ddof = 0, NumPy's default), as the reference's Python reports it.
 */
public final class ExperimentTables {
  private ExperimentTables() {}

  /** One (method, budget, eta, seed fraction) over its repeats. */
  public record Summary(String method, long budget, double eta, double seedFraction, int repeats,
      double rmseMean, double rmseSe, double mseMean, double mseSe, double stepsUsed,
      double rowGradients, double trainSeconds, double wallSeconds, double[] skill) {

    String column() {
      return "B=" + budget + ", eta=" + fmt(eta) + ", f=" + fmt(seedFraction);
    }
  }

  /** Summaries in the grid's order of first appearance. */
  public static List<Summary> summarise(List<ExperimentRunner.Outcome> outcomes) {
    Map<String, List<ExperimentRunner.Outcome>> groups = new LinkedHashMap<>();
    for (ExperimentRunner.Outcome o : outcomes) {
      ExperimentGrid.Cell c = o.cell();
      groups.computeIfAbsent(c.method() + "|" + c.budget() + "|" + c.eta() + "|"
          + c.seedFraction(), k -> new ArrayList<>()).add(o);
    }
    List<Summary> out = new ArrayList<>();
    for (List<ExperimentRunner.Outcome> g : groups.values()) {
      ExperimentGrid.Cell c = g.get(0).cell();
      double[] rmse = g.stream().mapToDouble(ExperimentRunner.Outcome::rmseMean).toArray();
      double[] mse = g.stream().mapToDouble(ExperimentRunner.Outcome::mseMean).toArray();
      out.add(new Summary(c.method(), c.budget(), c.eta(), c.seedFraction(), g.size(),
          mean(rmse), standardError(rmse), mean(mse), standardError(mse),
          g.stream().mapToLong(ExperimentRunner.Outcome::stepsUsed).average().orElse(0),
          g.stream().mapToLong(ExperimentRunner.Outcome::rowGradients).average().orElse(0),
          g.stream().mapToDouble(ExperimentRunner.Outcome::trainSeconds).average().orElse(0),
          g.stream().mapToDouble(ExperimentRunner.Outcome::wallSeconds).sum(), meanSkill(g)));
    }
    return out;
  }

  /** Each headline skill column's mean over the repeats. */
  private static double[] meanSkill(List<ExperimentRunner.Outcome> g) {
    double[] out = new double[Skill.HEADLINE.size()];
    for (int k = 0; k < out.length; k++) {
      int col = k;
      out[k] = mean(g.stream().mapToDouble(o -> o.skill()[col]).toArray());
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** std (ddof = 0) / sqrt(n). */
  static double standardError(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / v.length) / Math.sqrt(v.length);
  }

  public static String resultsCsv(List<Summary> rows) {
    StringBuilder sb = new StringBuilder("method,budget,eta,seed_fraction,repeats,rmse_mean,"
        + "rmse_se,mse_mean,mse_se,steps_used,row_gradients,train_seconds,"
        + String.join(",", Skill.HEADLINE) + "\n");
    for (Summary s : rows) {
      sb.append(String.join(",", s.method(), Long.toString(s.budget()), num(s.eta()),
          num(s.seedFraction()), Integer.toString(s.repeats()), num(s.rmseMean()),
          num(s.rmseSe()), num(s.mseMean()), num(s.mseSe()), num(s.stepsUsed()),
          num(s.rowGradients()), num(s.trainSeconds()))).append(',')
          .append(String.join(",", Arrays.stream(s.skill()).mapToObj(ExperimentTables::num)
              .toList())).append('\n');
    }
    return sb.toString();
  }

  public static String runsCsv(List<ExperimentRunner.Outcome> outcomes) {
    StringBuilder sb = new StringBuilder("method,budget,eta,seed_fraction,repeat,seed,rmse_mean,"
        + "mse_mean,steps_used,row_gradients,train_seconds,wall_seconds\n");
    for (ExperimentRunner.Outcome o : outcomes) {
      ExperimentGrid.Cell c = o.cell();
      sb.append(String.join(",", c.method(), Long.toString(c.budget()), num(c.eta()),
          num(c.seedFraction()), Integer.toString(c.repeat()),
          Long.toString(c.settings().training().seed()), num(o.rmseMean()), num(o.mseMean()),
          Long.toString(o.stepsUsed()), Long.toString(o.rowGradients()),
          num(o.trainSeconds()), num(o.wallSeconds()))).append('\n');
    }
    return sb.toString();
  }

  /**
   * Methods as rows, one column per (budget, eta, seed fraction), cells "mean \pm se" of the
   * mean test RMSE; per column the lowest is bold and the second lowest underlined.
   */
  public static String latex(List<Summary> rows) {
    List<String> methods = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    Map<String, Summary> at = new LinkedHashMap<>();
    for (Summary s : rows) {
      if (!methods.contains(s.method())) {
        methods.add(s.method());
      }
      if (!columns.contains(s.column())) {
        columns.add(s.column());
      }
      at.put(s.method() + "|" + s.column(), s);
    }
    StringBuilder sb = new StringBuilder("% mean test RMSE over tasks, mean \\pm standard error "
        + "over repeats; best bold, second underlined\n");
    sb.append("\\begin{tabular}{l").append("r".repeat(columns.size())).append("}\n\\hline\n");
    sb.append("Method");
    for (String col : columns) {
      sb.append(" & ").append(col.replace("eta", "$\\eta$"));
    }
    sb.append(" \\\\\n\\hline\n");
    Map<String, String[]> rank = new LinkedHashMap<>();
    for (String col : columns) {
      List<Summary> inColumn = new ArrayList<>();
      for (String m : methods) {
        Summary s = at.get(m + "|" + col);
        if (s != null && Double.isFinite(s.rmseMean())) {
          inColumn.add(s);
        }
      }
      inColumn.sort((a, b) -> Double.compare(a.rmseMean(), b.rmseMean()));
      rank.put(col, new String[] {inColumn.size() > 0 ? inColumn.get(0).method() : null,
          inColumn.size() > 1 ? inColumn.get(1).method() : null});
    }
    for (String m : methods) {
      sb.append(m.replace("_", "\\_"));
      for (String col : columns) {
        Summary s = at.get(m + "|" + col);
        String cell = s == null || !Double.isFinite(s.rmseMean()) ? "--" : String.format(Locale.ROOT, "%.1f $\\pm$ %.1f",
            s.rmseMean(), s.rmseSe());
        if (s != null && m.equals(rank.get(col)[0])) {
          cell = "\\textbf{" + cell + "}";
        } else if (s != null && m.equals(rank.get(col)[1])) {
          cell = "\\underline{" + cell + "}";
        }
        sb.append(" & ").append(cell);
      }
      sb.append(" \\\\\n");
    }
    return sb.append("\\hline\n\\end{tabular}\n").toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
