package io.ctlspark.geometry;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Clusters tasks by their embeddings with MLlib's KMeans. The T embedding rows go in one partition:
 * k-means|| samples per partition, so one partition is what makes the assignment independent of
 * the cluster's parallelism (and T x d doubles are small).
 */
public final class TaskClustering {
  private TaskClustering() {}

  /** Cluster label of every task (by index), from KMeans with {@code k} clusters and a seed. */
  public static int[] kmeans(SparkSession spark, double[][] embedding, int k, long seed) {
    int n = embedding.length;
    if (k < 1 || k > n) {
      throw new InvalidSettingException("{0}: must be between 1 and the number of tasks ("
          + n + "), got " + k, Setting.CLUSTERS);
    }
    List<Row> rows = new ArrayList<>(n);
    for (int v = 0; v < n; v++) {
      rows.add(RowFactory.create(v, Vectors.dense(embedding[v])));
    }
    StructType schema = new StructType().add("index", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    Dataset<Row> table = spark.createDataFrame(rows, schema).coalesce(1);
    KMeansModel model = new KMeans().setK(k).setSeed(seed).setFeaturesCol("features")
        .setPredictionCol("cluster").fit(table);
    int[] clusterOf = new int[n];
    for (Row r : model.transform(table).select("index", "cluster").collectAsList()) {
      clusterOf[r.getInt(0)] = r.getInt(1);
    }
    return clusterOf;
  }
}
