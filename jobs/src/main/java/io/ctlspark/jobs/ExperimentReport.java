package io.ctlspark.jobs;

import io.ctlspark.experiment.ExperimentRunner;
import io.ctlspark.experiment.ExperimentTables;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * report.html of an experiment: one self-contained file (charts as embedded PNG, drawn with
 * XChart) with the RMSE of every method by grid column with standard-error bars, per-task RMSE
 * against tree depth, the best cascade's tree with tasks coloured by error, and the results table.
 */
final class ExperimentReport {
  private static final Color[] ERROR_COLOURS = {new Color(0x1a9850), new Color(0x91cf60),
      new Color(0xfc8d59), new Color(0xd73027)};

  private ExperimentReport() {}

  static String html(List<ExperimentTables.Summary> summary,
      List<ExperimentRunner.Outcome> outcomes, String title) {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>").append(escape(title)).append("</title><style>body{font-family:sans-serif;"
        + "margin:2em;max-width:1100px}table{border-collapse:collapse}td,th{padding:3px 8px;"
        + "border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{"
        + "text-align:left}</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
    sb.append("<h2>Mean test RMSE by method</h2>\n").append(img(rmseByMethod(summary)));
    ExperimentRunner.Outcome first = firstColumnOutcomes(outcomes).stream()
        .filter(o -> isCascade(o.cell().method()))
        .min((a, b) -> Double.compare(a.rmseMean(), b.rmseMean())).orElse(null);
    sb.append("<h2>Per-task test RMSE against tree depth</h2>\n<p>Repeat 0 of each cascade, ")
        .append("first grid column.</p>\n").append(img(rmseByDepth(outcomes)));
    if (first != null) {
      sb.append("<h2>The best cascade's tree: ").append(escape(first.cell().method()))
          .append("</h2>\n<p>Repeat 0; tasks coloured by test RMSE quartile (green: lowest "
              + "quarter, red: highest); the root at the top.</p>\n").append(img(tree(first)));
    }
    sb.append("<h2>Results</h2>\n<table><tr><th>method</th><th>budget</th><th>eta</th>"
        + "<th>seed fraction</th><th>repeats</th><th>RMSE</th><th>&plusmn; se</th>"
        + "<th>MSE</th><th>steps used</th></tr>\n");
    for (ExperimentTables.Summary s : summary) {
      sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.4g</td><td>%.3g"
          + "</td><td>%d</td><td>%.4g</td><td>%.3g</td><td>%.4g</td><td>%.0f</td></tr>%n",
          escape(s.method()), s.budget(), s.eta(), s.seedFraction(), s.repeats(), s.rmseMean(),
          s.rmseSe(), s.mseMean(), s.stepsUsed()));
    }
    return sb.append("</table>\n</body></html>\n").toString();
  }

  private static boolean isCascade(String method) {
    return !method.equals("indiv") && !method.equals("global-mtl");
  }

  /** The outcomes of the grid's first (budget, eta, seed fraction), repeat 0. */
  private static List<ExperimentRunner.Outcome> firstColumnOutcomes(
      List<ExperimentRunner.Outcome> outcomes) {
    ExperimentRunner.Outcome head = outcomes.get(0);
    return outcomes.stream().filter(o -> o.tasks() != null
        && o.cell().budget() == head.cell().budget() && o.cell().eta() == head.cell().eta()
        && o.cell().seedFraction() == head.cell().seedFraction()).toList();
  }

  private static CategoryChart rmseByMethod(List<ExperimentTables.Summary> summary) {
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(450)
        .xAxisTitle("method").yAxisTitle("mean test RMSE").build();
    chart.getStyler().setErrorBarsColor(Color.BLACK);
    List<String> methods = summary.stream().map(ExperimentTables.Summary::method).distinct()
        .toList();
    Map<String, double[][]> columns = new LinkedHashMap<>();
    for (ExperimentTables.Summary s : summary) {
      String column = String.format(Locale.ROOT, "B=%d eta=%.3g f=%.3g", s.budget(), s.eta(),
          s.seedFraction());
      double[][] v = columns.computeIfAbsent(column, k -> new double[2][methods.size()]);
      int i = methods.indexOf(s.method());
      // A diverged cell (NaN) is drawn as an empty bar; the table says "--".
      v[0][i] = Double.isFinite(s.rmseMean()) ? s.rmseMean() : 0.0;
      v[1][i] = Double.isFinite(s.rmseSe()) ? s.rmseSe() : 0.0;
    }
    columns.forEach((name, v) -> chart.addSeries(name, methods, toList(v[0]), toList(v[1])));
    return chart;
  }

  private static XYChart rmseByDepth(List<ExperimentRunner.Outcome> outcomes) {
    XYChart chart = new XYChartBuilder().width(1000).height(450).xAxisTitle("tree depth")
        .yAxisTitle("test RMSE").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (ExperimentRunner.Outcome o : firstColumnOutcomes(outcomes)) {
      if (!isCascade(o.cell().method())) {
        continue;
      }
      int n = o.tasks().depths().length;
      double[] x = new double[n];
      for (int v = 0; v < n; v++) {
        x[v] = o.tasks().depths()[v];
      }
      chart.addSeries(o.cell().method(), x, o.tasks().rmse());
    }
    return chart;
  }

  /**
   * The tree laid out with the root on top (y = -depth) and leaves spread along x in depth-first
   * order, each parent above the middle of its children. All edges are one line series: the walk
   * down and back up every edge (each edge drawn twice, on itself).
   */
  private static XYChart tree(ExperimentRunner.Outcome o) {
    int[] parent = o.tasks().parents();
    int n = parent.length;
    List<List<Integer>> children = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      children.add(new ArrayList<>());
    }
    int root = 0;
    for (int v = 0; v < n; v++) {
      if (parent[v] < 0) {
        root = v;
      } else {
        children.get(parent[v]).add(v);
      }
    }
    double[] x = new double[n];
    double[] next = {0};
    place(root, children, x, next);
    List<Double> ex = new ArrayList<>();
    List<Double> ey = new ArrayList<>();
    walk(root, children, x, o.tasks().depths(), ex, ey);
    XYChart chart = new XYChartBuilder().width(1000).height(500).build();
    chart.getStyler().setAxisTicksVisible(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    XYSeries edges = chart.addSeries("edges", ex, ey);
    edges.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY);
    double[] sorted = o.tasks().rmse().clone();
    java.util.Arrays.sort(sorted);
    for (int q = 0; q < 4; q++) {
      double lo = sorted[(int) ((long) q * (n - 1) / 4)];
      double hi = sorted[(int) ((long) (q + 1) * (n - 1) / 4)];
      List<Double> qx = new ArrayList<>();
      List<Double> qy = new ArrayList<>();
      for (int v = 0; v < n; v++) {
        double r = o.tasks().rmse()[v];
        if (r >= lo && (r < hi || (q == 3 && r <= hi))) {
          qx.add(x[v]);
          qy.add(-(double) o.tasks().depths()[v]);
        }
      }
      if (!qx.isEmpty()) {
        XYSeries s = chart.addSeries(String.format(Locale.ROOT, "RMSE %.3g to %.3g", lo, hi),
            qx, qy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
            .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ERROR_COLOURS[q]);
      }
    }
    return chart;
  }

  private static void place(int v, List<List<Integer>> children, double[] x, double[] next) {
    // Recursion depth is the tree's depth; iterative would only obscure the layout.
    if (children.get(v).isEmpty()) {
      x[v] = next[0]++;
      return;
    }
    for (int c : children.get(v)) {
      place(c, children, x, next);
    }
    x[v] = (x[children.get(v).get(0)] + x[children.get(v).get(children.get(v).size() - 1)]) / 2;
  }

  private static void walk(int v, List<List<Integer>> children, double[] x, int[] depth,
      List<Double> ex, List<Double> ey) {
    ex.add(x[v]);
    ey.add(-(double) depth[v]);
    for (int c : children.get(v)) {
      walk(c, children, x, depth, ex, ey);
      ex.add(x[v]);
      ey.add(-(double) depth[v]);
    }
  }

  private static List<Double> toList(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  private static String img(Chart<?, ?> chart) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      return "<img alt=\"chart\" src=\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png) + "\">\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
