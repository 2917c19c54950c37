package io.ctlspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.Arrays;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CascadeRegressor tuned with ParamGridBuilder and TrainValidationSplit. Kryo registration is
 * not required here: Spark ML's RegressionEvaluator ships Spark-internal summariser classes that
 * no application registers (ctl-spark's own classes are covered by CascadeRegressorTest).
 */
class CascadeRegressorTuningTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2]", false);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void tunesWithTrainValidationSplit() {
    Dataset<Row> table = SyntheticTasks.clustered(30, 4, 40, 10, 3, 2.0, 6.0, 1.0, 11)
        .table(spark, false, 2);
    CascadeRegressor ctl = CascadeRegressorTest.regressor();
    ParamMap[] grid = new ParamGridBuilder().addGrid(ctl.eta(), new double[] {1e-4, 0.05})
        .build();
    TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(CascadeRegressorTest.pipeline(ctl))
        .setEvaluator(new RegressionEvaluator().setLabelCol("y").setMetricName("rmse"))
        .setEstimatorParamMaps(grid).setTrainRatio(0.75).setSeed(3).fit(table);
    double[] rmse = tuned.validationMetrics();
    assertEquals(2, rmse.length);
    // 300 steps at eta 1e-4 barely move from the initialisation: the larger rate wins.
    assertTrue(rmse[1] < rmse[0], Arrays.toString(rmse));
  }

}
