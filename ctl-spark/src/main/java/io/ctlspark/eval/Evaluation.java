package io.ctlspark.eval;

import io.ctlspark.data.TaskRecord;
import io.ctlspark.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Scores every task's test set with its trained parameters, in one pass on the executors. */
public final class Evaluation {
  private Evaluation() {}

  /** @return per-task metrics in task-index order */
  public static List<TaskMetrics> evaluate(JavaSparkContext jsc, JavaRDD<TaskRecord> records,
      Model model, double[][] parameters) {
    Broadcast<double[][]> bc = jsc.broadcast(parameters);
    try {
      List<TaskMetrics> out = new ArrayList<>(records
          .map(r -> TaskMetrics.evaluate(r, model, bc.value()[r.index()])).collect());
      out.sort(Comparator.comparingInt(TaskMetrics::index));
      return out;
    } finally {
      bc.destroy();
    }
  }
}
