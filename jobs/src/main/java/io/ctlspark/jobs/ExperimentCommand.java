package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.experiment.ExperimentGrid;
import io.ctlspark.experiment.ExperimentRunner;
import io.ctlspark.experiment.ExperimentTables;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl experiment: the grid of ctl.experiment on one dataset, summarised in tables. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run the grid of ctl.experiment (methods x budgets x etas x seed fractions x "
        + "repeats) on one dataset, runs in parallel, and write results.csv, runs.csv, "
        + "results.tex and report.html to ctl.output.")
public final class ExperimentCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    ExperimentGrid grid = new ExperimentGrid(c);
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    JitCheck.warnIfC1Only(grid.cells().get(0).settings());
    Preflight.inputs(c, grid.cells().get(0).settings());
    Preflight.writable(c, output, overwrite, "ctl.output", RunOutput.OVERWRITE_HINT);
    // Concurrent runs share the executors fairly instead of first come, first served.
    CtlConfig withFair = c.with("ctl.spark.conf.\"spark.scheduler.mode\"", "FAIR");
    if (!c.sparkConf().containsKey("spark.scheduler.allocation.file")) {
      withFair = withFair.with("ctl.spark.conf.\"spark.scheduler.allocation.file\"",
          ExperimentRunner.allocationFile());
    }
    // On CSV or plain Parquet tables no run of the grid plans Spark SQL (SparkRuntime).
    return SparkJob.runtime(withFair, spark -> {
      AtomicFolder folder = AtomicFolder.open(spark.context().hadoopConfiguration(),
          output, overwrite, "ctl.output");
      folder.checkWritable(RunOutput.OVERWRITE_HINT);
      int partitions = c.integer("ctl.spark.partitions");
      long started = System.nanoTime();
      TrainingRun loader = new TrainingRun(spark, partitions);
      TaskDataset data = loader.load(grid.cells().get(0).settings());
      List<ExperimentRunner.Outcome> outcomes;
      try {
        outcomes = new ExperimentRunner(spark, loader.partitions(),
            c.integer("ctl.experiment.parallelism")).run(data, grid.cells());
      } finally {
        data.release();
      }
      double wall = (System.nanoTime() - started) / 1e9;
      List<ExperimentTables.Summary> summary = ExperimentTables.summarise(outcomes);
      String results = ExperimentTables.resultsCsv(summary);
      folder.write(tmp -> {
        FileSystem fs = folder.fileSystem();
        AtomicFolder.writeText(fs, new Path(tmp, "results.csv"), results);
        AtomicFolder.writeText(fs, new Path(tmp, "runs.csv"), ExperimentTables.runsCsv(outcomes));
        AtomicFolder.writeText(fs, new Path(tmp, "results.tex"), ExperimentTables.latex(summary));
        AtomicFolder.writeText(fs, new Path(tmp, "report.html"), ExperimentReport.html(summary, outcomes,
            "ctl experiment: " + output));
        AtomicFolder.writeText(fs, new Path(tmp, "config.json"), c.renderJson() + "\n");
        AtomicFolder.writeText(fs, new Path(tmp, "_SUCCESS"), "");
      }, RunOutput.OVERWRITE_HINT);
      List<String[]> rows = new ArrayList<>();
      for (ExperimentTables.Summary s : summary) {
        rows.add(new String[] {s.method(), Long.toString(s.budget()),
            String.format("%.4g", s.eta()), String.format("%.3g", s.seedFraction()),
            String.format("%.4g", s.rmseMean()), String.format("%.3g", s.rmseSe()),
            String.format("%.4g", s.mseMean()), String.format("%.0f", s.stepsUsed())});
      }
      System.out.print(Table.render(new String[] {"method", "budget", "eta", "f", "rmse_mean",
          "rmse_se", "mse_mean", "steps_used"}, rows));
      Map<String, Double> perMethod = new LinkedHashMap<>();
      outcomes.forEach(o -> perMethod.merge(o.cell().method(), o.wallSeconds(), Double::sum));
      System.out.printf("%n%d runs in %.1f s wall (loading included); run time by method "
          + "(runs overlap, %d at a time):%n", outcomes.size(), wall,
          c.integer("ctl.experiment.parallelism"));
      perMethod.forEach((m, t) -> System.out.printf("  %-20s %7.1f s%n", m, t));
      System.out.println("-> " + output);
      return 0;
    });
  }
}
