package io.ctlspark.geometry;

import io.ctlspark.data.TaskRecord;
import java.io.Serializable;
import java.util.List;

/**
 * A task distance in its two halves: {@link #summarise}, run where a task lives (one pass on the
 * executors), and {@link #over}, the pairwise distance on the driver over every task's summary.
 * The summary type S is the family's own (a vector, the feature rows, a mean and covariance).
 *
 * <p>Contract: {@code summarise} is a function of the task alone; S is Kryo-registered (summaries
 * travel from executors to the driver). The distance {@code over} returns is finite,
 * non-negative, zero on the diagonal and symmetric, and thread-safe: tree builders evaluate pairs
 * from many threads at once (Prim's parallel key updates), so {@code between} must not mutate
 * shared state. A pair that cannot be measured (CKA on unequal row counts) is an error naming the
 * tasks. {@code geometry.DistanceContract} checks every {@link DistanceKind} against it.
 *
 * @param <S> one task's summary
 */
public interface DistanceFamily<S> extends Serializable {
  S summarise(TaskRecord task);

  /** @param summaries every task's summary, by task index */
  TaskDistance over(List<S> summaries, String[] taskIds);

  /** A family from its two halves. */
  static <S> DistanceFamily<S> of(Summariser<S> summariser, Pairwise<S> pairwise) {
    return new DistanceFamily<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public S summarise(TaskRecord task) {
        return summariser.summarise(task);
      }

      @Override
      public TaskDistance over(List<S> summaries, String[] taskIds) {
        return pairwise.over(summaries, taskIds);
      }
    };
  }

  /** The executor half. */
  interface Summariser<S> extends Serializable {
    S summarise(TaskRecord task);
  }

  /** The driver half. */
  interface Pairwise<S> extends Serializable {
    TaskDistance over(List<S> summaries, String[] taskIds);
  }
}
