package io.ctlspark.jobs;

import java.util.List;

/** Plain-text table with right-aligned columns, for terminal output. */
final class Table {
  private Table() {}

  static String render(String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int j = 0; j < header.length; j++) {
      width[j] = header[j].length();
      for (String[] r : rows) {
        width[j] = Math.max(width[j], r[j].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    StringBuilder rule = new StringBuilder();
    for (int j = 0; j < width.length; j++) {
      rule.append(j == 0 ? "" : "  ").append("-".repeat(width[j]));
    }
    sb.append(rule).append('\n');
    for (String[] r : rows) {
      line(sb, r, width);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] width) {
    for (int j = 0; j < cells.length; j++) {
      String c = cells[j];
      String pad = " ".repeat(width[j] - c.length());
      sb.append(j == 0 ? "" : "  ").append(j == 0 ? c + pad : pad + c);
    }
    sb.append('\n');
  }
}
