package io.ctlspark.geometry;

/** A symmetric distance between tasks 0..T-1, zero on the diagonal, evaluated on demand. */
public interface TaskDistance {
  int taskCount();

  double between(int i, int j);

  /** A distance over {@code taskCount} tasks given by a function of the two task indices. */
  static TaskDistance of(int taskCount, Pair pair) {
    return new TaskDistance() {
      @Override
      public int taskCount() {
        return taskCount;
      }

      @Override
      public double between(int i, int j) {
        return pair.distance(i, j);
      }
    };
  }

  /** The distance between tasks i and j. */
  interface Pair {
    double distance(int i, int j);
  }
}
