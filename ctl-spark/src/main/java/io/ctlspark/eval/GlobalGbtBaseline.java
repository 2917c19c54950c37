package io.ctlspark.eval;

import io.ctlspark.data.GbtScores;
import io.ctlspark.data.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One global gradient-boosted-trees model over every task (MLlib's GBTRegressor), the "one
 * global model over all series" a utility may already run: trained on all tasks' training rows,
 * each standardised with its own task's statistics (features and label) so that series of
 * different sizes share one model, and scored on each task's test rows on the original scale.
 * MLlib finds its split candidates from a sample, so, unlike the cascade, its trees may differ
 * with the partitioning; it is a reference, opt-in (ctl.baselines.gbt) because it costs more
 * than the rest of a run.
 */
public final class GlobalGbtBaseline {
  private static final StructType TRAIN = new StructType()
      .add("features", new VectorUDT(), false)
      .add("label", DataTypes.DoubleType, false);
  private static final StructType TEST = new StructType()
      .add("task", DataTypes.IntegerType, false)
      .add("features", new VectorUDT(), false)
      .add("label", DataTypes.DoubleType, false)
      .add("y_mean", DataTypes.DoubleType, false)
      .add("y_std", DataTypes.DoubleType, false);

  private GlobalGbtBaseline() {}

  public static GbtScores score(SparkSession spark, JavaRDD<TaskRecord> records, int taskCount,
      int trees, int depth, long seed) {
    long t0 = System.nanoTime();
    JavaRDD<Row> train = records.flatMap(t -> {
      List<Row> rows = new ArrayList<>(t.trainRows());
      int d = t.featureCount();
      for (int i = 0; i < t.trainRows(); i++) {
        rows.add(RowFactory.create(Vectors.dense(java.util.Arrays.copyOfRange(t.xTrain(), i * d,
            (i + 1) * d)), t.yTrain()[i]));
      }
      return rows.iterator();
    });
    JavaRDD<Row> test = records.flatMap(t -> {
      List<Row> rows = new ArrayList<>(t.testRows());
      int d = t.featureCount();
      for (int i = 0; i < t.testRows(); i++) {
        rows.add(RowFactory.create(t.index(), Vectors.dense(java.util.Arrays.copyOfRange(
            t.xTest(), i * d, (i + 1) * d)), t.yTest()[i], t.yMean(), t.yStd()));
      }
      return rows.iterator();
    });
    Dataset<Row> trainRows = spark.createDataFrame(train, TRAIN);
    GBTRegressionModel model = new GBTRegressor().setMaxIter(trees).setMaxDepth(depth)
        .setSeed(seed).fit(trainRows);
    List<Row> scored = model.transform(spark.createDataFrame(test, TEST))
        .selectExpr("task", "prediction * y_std + y_mean - label AS err")
        .groupBy("task").agg(org.apache.spark.sql.functions.expr("sum(err * err)"),
            org.apache.spark.sql.functions.expr("sum(abs(err))"),
            org.apache.spark.sql.functions.expr("count(1)"))
        .collectAsList();
    double[] rmse = new double[taskCount];
    double[] mae = new double[taskCount];
    java.util.Arrays.fill(rmse, Double.NaN);
    java.util.Arrays.fill(mae, Double.NaN);
    for (Row r : scored) {
      int v = r.getInt(0);
      long n = r.getLong(3);
      rmse[v] = Math.sqrt(r.getDouble(1) / n);
      mae[v] = r.getDouble(2) / n;
    }
    return new GbtScores(rmse, mae, trees, depth, (System.nanoTime() - t0) / 1e9);
  }
}
