package io.ctlspark.jobs;

import io.ctlspark.BadInputException;
import io.ctlspark.Version;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.RidgeScores;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.eval.RidgeBaseline;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.run.JobProgress;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.synthetic.SyntheticTasks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ctl demo: the paper's clustered synthetic setting, every method at one budget, and a comparison
 * table; each method's full output folder is written under --output.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a clustered many-task dataset with the paper's generator, train "
        + "indiv, global-mtl, star, random and MST cascades on it, print a comparison table.")
public final class DemoCommand implements Callable<Integer> {
  static final String[][] METHODS = {
      {"ctl.method=indiv"},
      {"ctl.method=global-mtl"},
      {"ctl.tree.type=star"},
      {"ctl.tree.type=random"},
      {"ctl.tree.type=mst", "ctl.tree.distance=gradient"},
      {"ctl.tree.type=mst", "ctl.tree.distance=model"}};

  @Option(names = "--tasks", description = "number of tasks (default: ${DEFAULT-VALUE})")
  int tasks = 300;

  @Option(names = "--setting", description = "clustered (K = 5, tau_within = 5, tau_between = "
      + "10) or homogeneous (tau = 15) (default: ${DEFAULT-VALUE})")
  String setting = "clustered";

  @Option(names = "--budget", description = "global step budget B (default: ${DEFAULT-VALUE})")
  long budget = 1000;

  @Option(names = "--seed", description = "data and run seed (default: ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--output", description = "folder for each method's output; an earlier "
      + "demo's output there is replaced, anything else refused (default: ${DEFAULT-VALUE})")
  String output = "demo-output";

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a configuration key for every method (repeatable)")
  List<String> sets = new ArrayList<>();

  /**
   * The demo replaces its own earlier output (a folder of run folders), saying so, and refuses
   * anything else at --output.
   */
  private void replaceable(CtlConfig c) {
    Path folder = new Path(output);
    try {
      FileSystem fs = folder.getFileSystem(Preflight.hadoop(c));
      if (!fs.exists(folder)) {
        return;
      }
      boolean runs = fs.getFileStatus(folder).isDirectory();
      for (FileStatus f : runs ? fs.listStatus(folder) : new FileStatus[0]) {
        runs &= f.getPath().getName().startsWith(".")
            || fs.exists(new Path(f.getPath(), "manifest.json"));
      }
      if (!runs) {
        throw new BadInputException("--output: " + output + " exists and is not an earlier "
            + "demo's output (a folder of ctl-spark run folders); choose another --output");
      }
      System.out.printf("ctl demo: replacing the earlier demo output in %s%n", output);
    } catch (IOException e) {
      throw new BadInputException("--output: cannot open " + output + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() {
    List<String> base = new ArrayList<>(List.of("ctl.train.budget=" + budget,
        "ctl.train.seed=" + seed, "ctl.train.eta=0.01", "ctl.train.seed-fraction=0.1",
        "ctl.data.task-col=task", "ctl.data.label-col=y", "ctl.output-mode=overwrite"));
    base.addAll(sets);
    CtlConfig common = CtlConfig.load(null, base);
    RunSpec commonSettings = RunSpec.from(common);
    SyntheticTasks gen = switch (setting) {
      case "clustered" -> SyntheticTasks.clustered(tasks, 5, 64, 128, 5, 5.0, 10.0, 5.0, seed);
      case "homogeneous" -> SyntheticTasks.homogeneous(tasks, 5, 64, 128, 15.0, 5.0, seed);
      default -> throw new BadInputException("--setting: expected clustered or "
          + "homogeneous, got '" + setting + "'");
    };
    replaceable(common);
    System.out.printf("ctl demo: %s synthetic tasks (the paper's generator): T = %d, d = 5, "
        + "64 train / 128 test rows, sigma = 5%s; linear model, B = %d, eta = 0.01, "
        + "seed fraction 0.1%n", setting, tasks, setting.equals("clustered")
        ? ", K = 5, tau_within = 5, tau_between = 10" : ", tau = 15", budget);
    return SparkJob.run(common, spark -> {
      TrainingRun run = new TrainingRun(spark, common.integer("ctl.spark.partitions"));
      Dataset<Row> train = gen.table(spark, false, run.partitions());
      Dataset<Row> test = gen.table(spark, true, run.partitions());
      System.out.println("ctl demo: generating and loading the tasks ...");
      TaskDataset data = JobProgress.describe(spark.sparkContext(), "load", () -> run.load(
          train, "generated train", test, "generated test", commonSettings));
      List<String[]> table = new ArrayList<>();
      try {
        for (String[] method : METHODS) {
          List<String> sets = new ArrayList<>(base);
          sets.addAll(List.of(method));
          CtlConfig c = CtlConfig.load(null, sets);
          RunSpec s = RunSpec.from(c);
          RunResult r = run.train(data, s, new PhaseTimer());
          String folder = output + "/" + s.label();
          new RunOutput(spark.sparkContext(), folder, true).write(r, c.renderJson(), Version.get(),
              List.of());
          table.add(new String[] {s.label(), String.format("%.2f", r.metrics.rmseMean()),
              String.format("%.1f", r.metrics.mseMean()),
              Long.toString(r.trained.stepsCounted()), Long.toString(r.rowGradients),
              String.format("%.1f", r.trainSeconds())});
        }
        // The unbudgeted reference a team would compare with: one ridge regression per task.
        RidgeScores ridge = RidgeBaseline.score(data.records(), data.taskCount());
        double rmse = 0;
        double mse = 0;
        for (double e : ridge.rmse()) {
          rmse += e / ridge.rmse().length;
          mse += e * e / ridge.rmse().length;
        }
        table.add(new String[] {"ridge (baseline)", String.format("%.2f", rmse),
            String.format("%.1f", mse), "-", "-", String.format("%.1f", ridge.seconds())});
      } finally {
        data.release();
      }
      System.out.println();
      System.out.print(Table.render(new String[] {"method", "rmse_mean", "mse_mean",
          "steps_used", "row_gradients", "train_s"}, table));
      System.out.println("\nridge (baseline): one closed-form ridge regression per task, penalty "
          + "chosen on its last training rows, no step budget");
      System.out.println("outputs (metrics.json, per_task.csv, tree.csv, models/) under "
          + output + "/<method>/");
      return 0;
    });
  }
}
