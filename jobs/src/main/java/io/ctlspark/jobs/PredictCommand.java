package io.ctlspark.jobs;

import io.ctlspark.config.CtlConfig;
import io.ctlspark.predict.BatchPredictor;
import io.ctlspark.predict.RunFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ctl predict: score new data with a stored run's models. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Score new raw series or feature tables with the models of a train run and "
        + "write predictions (series, timestamp, horizon, prediction) as Parquet partitioned by "
        + "date.")
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--models", required = true, paramLabel = "RUN",
      description = "a run folder written by ctl train")
  String models;

  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "new data in the run's layout: raw series (long) or a feature table (wide); "
          + "CSV, CSV.gz or Parquet, any Hadoop URI")
  String data;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "output folder; it appears complete or not at all")
  String out;

  @Option(names = "--overwrite", description = "replace --out if it exists")
  boolean overwrite;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override one key of the run's configuration, e.g. "
          + "ctl.predict.unknown-series=nearest (repeatable)")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() {
    // The Spark settings come from the run's configuration, with --set on top.
    CtlConfig c = CtlConfig.fromRun(RunFolder.open(Preflight.hadoop(), "--models", models)
        .configJson(), sets);
    Preflight.readable(c, "--data", data);
    Preflight.writable(c, out, overwrite, "--out", BatchPredictor.OVERWRITE_HINT);
    return SparkJob.run(c, spark -> {
      BatchPredictor.Summary s = new BatchPredictor(spark).predict(models, data, out, sets,
          overwrite);
      System.out.printf("predict: %d predictions for %d series -> %s%n", s.predictions(),
          s.series(), out);
      s.fallbacks().forEach((series, task) -> System.out.printf(
          "  series '%s' has no model: scored with '%s' (flagged fallback)%n", series, task));
      return 0;
    });
  }
}
