package io.ctlspark.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-process Python way of loading a many-task table, for {@code bench --ingest} to
 * compare with: pandas' read_csv of the training and test tables, then a groupby of each into
 * per-task arrays (the single-process reference loads its data with pandas). Optional: measured
 * only when a python3 that imports pandas is installed (Debian: python3-pandas); CI needs none.
 */
final class Pandas {
  /** Reads both tables (each a file or a folder of part files) and groups them by task. */
  private static final String SCRIPT = String.join("\n",
      "import glob, os, sys, time",
      "import pandas as pd",
      "def files(p):",
      "    if not os.path.isdir(p):",
      "        return [p]",
      "    return sorted(f for f in glob.glob(os.path.join(p, '*'))",
      "                  if not os.path.basename(f).startswith(('.', '_')))",
      "def load(p):",
      "    df = pd.concat([pd.read_csv(f) for f in files(p)], ignore_index=True)",
      "    x = df.drop(columns=['task', 'y'])",
      "    return {k: (x.loc[g].to_numpy(), df['y'].loc[g].to_numpy())",
      "            for k, g in df.groupby('task', sort=False).groups.items()}",
      "best = None",
      "for _ in range(2):",
      "    t0 = time.perf_counter()",
      "    a, b = load(sys.argv[1]), load(sys.argv[2])",
      "    t = time.perf_counter() - t0",
      "    best = t if best is None else min(best, t)",
      "print(best, len(a), len(b))");

  private Pandas() {
  }

  /**
   * The first of python3 on the PATH and Debian's /usr/bin/python3 that imports pandas (a
   * PATH's python3 may be another installation, e.g. pyenv's), or null when neither does.
   */
  static String python() {
    for (String python : List.of("python3", "/usr/bin/python3")) {
      if (run(python, 60, "-c", "import pandas") != null) {
        return python;
      }
    }
    return null;
  }

  /** pandas' version as {@code python} imports it. */
  static String version(String python) {
    String out = run(python, 60, "-c", "import pandas; print('pandas ' + pandas.__version__)");
    return out == null ? "pandas" : out.trim();
  }

  /**
   * The best of two loads of the two tables, in seconds; NaN (with a message) when the script
   * fails or does not find {@code tasks} tasks in each.
   */
  static double loadSeconds(String python, String train, String test, int tasks) {
    String out = run(python, 1800, "-c", SCRIPT, train, test);
    String[] f = out == null ? new String[0] : out.trim().split("\\s+");
    if (f.length != 3 || !f[1].equals(Integer.toString(tasks))
        || !f[2].equals(Integer.toString(tasks))) {
      System.err.println("bench: pandas' load failed or found other tasks: " + out);
      return Double.NaN;
    }
    return Double.parseDouble(f[0]);
  }

  /** The process's standard output, or null when it cannot start, fails or times out. */
  private static String run(String python, int timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of(python));
    command.addAll(List.of(args));
    try {
      ChildProcess.Result r = ChildProcess.run(command, timeoutSeconds);
      return r != null && r.exit() == 0 ? r.out() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
