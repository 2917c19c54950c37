package io.ctlspark.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.BadInputException;
import io.ctlspark.data.TaskRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every distance against values computed independently with NumPy and SciPy
 * (src/test/resources/distances/make_fixtures.py), to 1e-9 relative.
 */
class DistanceFixturesTest {

  private static List<String> lines(String name) throws IOException {
    try (InputStream in = DistanceFixturesTest.class.getResourceAsStream("/distances/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
    }
  }

  /** The fixture's tasks, standardised by ctl-spark itself. */
  private static List<TaskRecord> tasks(String set) throws IOException {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    for (String line : lines(set + "-tasks.csv")) {
      String[] f = line.split(",");
      rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new double[] {
          Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
          Double.parseDouble(f[4])});
    }
    List<TaskRecord> out = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> e : rows.entrySet()) {
      int n = e.getValue().size();
      double[] x = new double[n * 3];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(e.getValue().get(i), 0, x, i * 3, 3);
        y[i] = e.getValue().get(i)[3];
      }
      out.add(TaskRecord.standardize(e.getKey(), out.size(), 3, x, y, new double[0],
          new double[0], true));
    }
    return out;
  }

  private static TaskDistance distance(DistanceKind kind, List<TaskRecord> tasks) {
    return kind.between(tasks);
  }

  @ParameterizedTest
  @ValueSource(strings = {"equal", "ragged"})
  void everyDistanceMatchesNumpyAndScipy(String set) throws IOException {
    List<TaskRecord> tasks = tasks(set);
    Map<String, TaskDistance> built = new LinkedHashMap<>();
    int checked = 0;
    for (String line : lines(set + "-expected.csv")) {
      String[] f = line.split(",");
      DistanceKind kind = DistanceKind.fromConfig("test", f[0]);
      TaskDistance d = built.computeIfAbsent(f[0], k -> distance(kind, tasks));
      int i = Integer.parseInt(f[1]);
      int j = Integer.parseInt(f[2]);
      double expected = Double.parseDouble(f[3]);
      double tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12);
      assertEquals(expected, d.between(i, j), tolerance, f[0] + " between " + i + " and " + j);
      assertEquals(d.between(i, j), d.between(j, i), tolerance, f[0] + " is symmetric");
      assertEquals(0.0, d.between(i, i), 1e-12, f[0] + " is zero on the diagonal");
      checked++;
    }
    assertTrue(checked >= 100, "fixture rows checked: " + checked);
  }

  @Test
  void ckaOnTasksOfDifferentLengthsNamesThePair() throws IOException {
    TaskDistance cka = distance(DistanceKind.CKA, tasks("ragged"));
    BadInputException e = assertThrows(BadInputException.class, () -> cka.between(0, 1));
    assertTrue(e.getMessage().contains("'t0'") && e.getMessage().contains("'t1'"),
        e.getMessage());
  }
}
