package io.ctlspark.method;

import io.ctlspark.data.TaskDataset;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.geometry.Medoid;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.tree.TreeSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import scala.Tuple3;

/**
 * Per-task statistics collected to the driver in one pass: mean raw features (root rule), the
 * distance's summary, and, for cluster trees, the vectors KMeans clusters: the distance's own
 * embedding when it is one, else the model (ridge) embedding.
 */
final class TaskGeometry {
  final double[][] meanFeatures;
  final double[][][] summaries;
  final double[][] clusterEmbedding;

  private TaskGeometry(double[][] meanFeatures, double[][][] summaries,
      double[][] clusterEmbedding) {
    this.meanFeatures = meanFeatures;
    this.summaries = summaries;
    this.clusterEmbedding = clusterEmbedding;
  }

  static TaskGeometry summarise(TaskDataset data, DistanceKind distance, boolean clustered) {
    DistanceKind clusterKind = distance.isEmbedding() ? distance : DistanceKind.MODEL;
    boolean extra = clustered && clusterKind != distance;
    List<Tuple3<Integer, double[], double[][][]>> rows = new ArrayList<>(data.records()
        .map(r -> new Tuple3<>(r.index(), r.xMean(), new double[][][] {distance.summarise(r),
            extra ? clusterKind.summarise(r) : null}))
        .collect());
    rows.sort(Comparator.comparingInt(Tuple3::_1));
    int n = data.taskCount();
    double[][] means = new double[n][];
    double[][][] summaries = new double[n][][];
    double[][] cluster = new double[n][];
    for (Tuple3<Integer, double[], double[][][]> t : rows) {
      means[t._1()] = t._2();
      summaries[t._1()] = t._3()[0];
      cluster[t._1()] = extra ? t._3()[1][0] : t._3()[0][0];
    }
    return new TaskGeometry(means, summaries, cluster);
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
