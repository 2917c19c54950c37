package io.ctlspark.method;

import io.ctlspark.data.TaskDataset;
import io.ctlspark.geometry.DistanceFamily;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.geometry.Medoid;
import io.ctlspark.geometry.TaskDistance;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.tree.TreeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Per-task statistics collected to the driver in one pass: mean raw features (root rule), the
 * distance's summary (typed by its family), and, for cluster trees, the vectors KMeans clusters:
 * the distance's own embedding when it is one, else the model (ridge) embedding.
 */
final class TaskGeometry {
  final double[][] meanFeatures;
  final double[][] clusterEmbedding;
  private final Function<String[], TaskDistance> distance;

  private TaskGeometry(double[][] meanFeatures, double[][] clusterEmbedding,
      Function<String[], TaskDistance> distance) {
    this.meanFeatures = meanFeatures;
    this.clusterEmbedding = clusterEmbedding;
    this.distance = distance;
  }

  /**
   * The summaries of each dataset still in use, by distance and by whether cluster vectors were
   * asked for. A grid (ctl experiment) trains every cascade of a method on one cached dataset, and
   * the summaries depend on the records alone (not on the seed, budget or step size): one Spark
   * job per distance instead of one per run (90 of the paper grid's 120 runs). Weak keys: an
   * entry goes when its dataset does; summaries never refer to their dataset.
   */
  private static final Map<TaskDataset, Map<String, TaskGeometry>> KNOWN =
      new WeakHashMap<>();

  static TaskGeometry summarise(TaskDataset data, DistanceKind distance, boolean clustered) {
    Map<String, TaskGeometry> known;
    synchronized (KNOWN) {
      known = KNOWN.computeIfAbsent(data, d -> new ConcurrentHashMap<>());
    }
    // Concurrent runs asking for the same summaries wait for one job.
    return known.computeIfAbsent(distance.name() + (clustered ? "+clusters" : ""),
        k -> collect(data, distance.family(), distance.isEmbedding(), distance.asEmbedding(),
            clustered));
  }

  /** The pairwise distance over the collected summaries (task index = position in ids). */
  TaskDistance distance(String[] taskIds) {
    return distance.apply(taskIds);
  }

  private static <S> TaskGeometry collect(TaskDataset data, DistanceFamily<S> family,
      boolean embedding, DistanceKind clusterKind, boolean clustered) {
    boolean extra = clustered && !embedding;
    List<Tuple3<Integer, double[], Tuple2<S, double[]>>> rows = new ArrayList<>(data.records()
        .map(r -> new Tuple3<>(r.index(), r.xMean(), new Tuple2<>(family.summarise(r),
            extra ? clusterKind.embed(r) : null)))
        .collect());
    rows.sort(Comparator.comparingInt(Tuple3::_1));
    int n = data.taskCount();
    double[][] means = new double[n][];
    List<S> summaries = new ArrayList<>(n);
    double[][] cluster = new double[n][];
    for (Tuple3<Integer, double[], Tuple2<S, double[]>> t : rows) {
      means[t._1()] = t._2();
      summaries.add(t._3()._1());
      // Without the extra pass the distance is an embedding: its summary is the vector.
      cluster[t._1()] = extra ? t._3()._2() : embedding ? (double[]) t._3()._1() : null;
    }
    return new TaskGeometry(means, cluster, ids -> family.over(summaries, ids));
  }

  /** The root task's index under the tree's root rule (a sampled medoid when approximate). */
  int root(TreeSpec tree, String[] taskIds, boolean approximate) {
    if (tree.medoidRoot()) {
      return approximate ? Medoid.sampled(meanFeatures, Medoid.SAMPLE) : Medoid.of(meanFeatures);
    }
    int i = Arrays.binarySearch(taskIds, tree.root());
    if (i < 0) {
      throw new InvalidSettingException("{0}: no task '" + tree.root() + "' in the data (give '"
          + TreeSpec.MEDOID_ROOT + "' or one of the " + taskIds.length + " task ids)",
          Setting.ROOT);
    }
    return i;
  }
}
