package io.ctlspark.geometry;

/** A symmetric distance between tasks 0..T-1, zero on the diagonal, evaluated on demand. */
public interface TaskDistance {
  int taskCount();

  double between(int i, int j);
}
