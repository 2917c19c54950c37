package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import io.ctlspark.tune.Search;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** ctl tune: hyperparameter search; writes the trial log and the best values as a fragment. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Search eta and the seed fraction (and hidden, eps for mlp/residual) with TPE, "
        + "random or grid search on each task's validation rows; write trials.csv and best.conf "
        + "(a configuration fragment for train and experiment: --config job.conf --config "
        + "best.conf) to the run folder: ctl.output, or ctl.output/ctl.run-id.")
public final class TuneCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    CtlConfig c = options.load();
    RunSpec s = RunSpec.from(c);
    String output = RunOutput.folder(c);
    boolean overwrite = ConfigOptions.overwrite(c);
    JitCheck.warnIfC1Only(s);
    Preflight.inputs(c, s);
    Preflight.writable(c, output, overwrite, "ctl.output", RunOutput.OVERWRITE_HINT);
    return SparkJob.runtime(c, spark -> {
      AtomicFolder folder = AtomicFolder.open(spark.context().hadoopConfiguration(),
          output, overwrite, "ctl.output");
      folder.checkWritable(RunOutput.OVERWRITE_HINT);
      TrainingRun loader = new TrainingRun(spark, c.integer("ctl.spark.partitions"));
      Search.Outcome search = Search.run(spark, loader, c, null);
      folder.write(tmp -> {
        FileSystem fs = folder.fileSystem();
        AtomicFolder.writeText(fs, new Path(tmp, "trials.csv"), search.trialsCsv());
        AtomicFolder.writeText(fs, new Path(tmp, "best.conf"), search.bestConf());
        AtomicFolder.writeText(fs, new Path(tmp, "_SUCCESS"), "");
      }, RunOutput.OVERWRITE_HINT);
      System.out.print(search.bestConf());
      System.out.println("trials.csv and best.conf -> " + output);
      return 0;
    });
  }
}
