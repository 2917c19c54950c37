package io.ctlspark.run;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Helpers for tests that run whole trainings on generated data. */
final class RunFixtures {
  private RunFixtures() {}

  static RunSpec settings(String... sets) {
    List<String> all = new ArrayList<>(List.of("ctl.data.task-col=task", "ctl.data.label-col=y"));
    all.addAll(List.of(sets));
    return RunSpec.from(CtlConfig.load(null, all));
  }

  static TaskDataset load(SparkSession spark, SyntheticTasks gen, int partitions) {
    TrainingRun run = new TrainingRun(spark, partitions);
    return run.load(gen.table(spark, false, 3), "train", gen.table(spark, true, 2), "test",
        settings());
  }

  static RunResult train(SparkSession spark, TaskDataset data, int partitions, String... sets) {
    return new TrainingRun(spark, partitions).train(data, settings(sets), new PhaseTimer());
  }
}
