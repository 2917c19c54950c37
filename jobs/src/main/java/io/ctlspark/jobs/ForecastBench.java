package io.ctlspark.jobs;

import io.ctlspark.Version;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.features.FeatureSpec;
import io.ctlspark.features.FeatureTable;
import io.ctlspark.features.Layout;
import io.ctlspark.features.SeriesFeatures;
import io.ctlspark.features.SqlSeriesFeatures;
import io.ctlspark.method.PhaseTimer;
import io.ctlspark.predict.BatchPredictor;
import io.ctlspark.run.RunOutput;
import io.ctlspark.run.RunResult;
import io.ctlspark.run.RunSpec;
import io.ctlspark.run.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * ctl bench --forecast CONFIG: the raw-series path on a long-layout configuration. Feature
 * building throughput (raw rows in, samples out, per second; warm), against the Spark SQL
 * windows it replaced ({@link SqlSeriesFeatures}) in the same run, one training run, then
 * batch scoring of every series with the stored models (predict's wall time and throughput).
 */
final class ForecastBench {
  private final CtlConfig config;

  ForecastBench(CtlConfig config) {
    this.config = config;
  }

  int run(SparkSession spark) {
    RunSpec s = RunSpec.from(config);
    FeatureSpec spec = s.features();
    if (spec.layout != Layout.LONG) {
      throw new io.ctlspark.BadInputException("bench --forecast needs a configuration with "
          + "ctl.data.layout = long");
    }
    String path = config.requiredString("ctl.data.series");
    TaskTableReader reader = new TaskTableReader(spark,
        TableFormat.fromConfig("ctl.data.format", config.requiredString("ctl.data.format")));
    int partitions = TrainingRun.partitions(spark.sparkContext(),
        config.integer("ctl.spark.partitions"));
    Dataset<Row> raw = reader.read("ctl.data.series", path);
    long rawRows = raw.count();
    long samples = 0;
    long sqlSamples = 0;
    double featureSeconds = 0;
    double sqlSeconds = 0;
    // Warm, interleaved: the second round of each way is reported.
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      FeatureTable t = SeriesFeatures.fromLong(reader.read("ctl.data.series", path), path, spec,
          null, false, partitions);
      samples = t.rows().count();
      featureSeconds = (System.nanoTime() - start) / 1e9;
      t.release();
      start = System.nanoTime();
      sqlSamples = SqlSeriesFeatures.fromLong(reader.read("ctl.data.series", path), path, spec,
          null, false).samples.count();
      sqlSeconds = (System.nanoTime() - start) / 1e9;
    }
    if (sqlSamples != samples) {
      throw new IllegalStateException("the SQL way made " + sqlSamples + " samples, fromLong "
          + samples);
    }
    try {
      Path dir = Files.createTempDirectory("ctl-forecast-bench");
      String runDir = dir.resolve("run").toString();
      TrainingRun training = new TrainingRun(spark, partitions);
      PhaseTimer timer = new PhaseTimer();
      TaskDataset data = timer.time("load", () -> training.load(s));
      RunResult r = training.train(data, s, timer);
      new RunOutput(spark.sparkContext(), runDir, false).write(r, config.renderJson(),
          Version.get(), List.of());
      data.release();
      long start = System.nanoTime();
      BatchPredictor.Summary p = new BatchPredictor(spark).predict(runDir, path,
          dir.resolve("predictions").toString(), List.of(), false);
      double predictSeconds = (System.nanoTime() - start) / 1e9;
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"feature building (warm)", String.format("%.2f", featureSeconds),
          String.format("%,d raw rows -> %,d samples", rawRows, samples),
          String.format("%,.0f raw rows/s", rawRows / featureSeconds)});
      rows.add(new String[] {"  the same with SQL windows (before)",
          String.format("%.2f", sqlSeconds), String.format("%.1fx the time",
              sqlSeconds / featureSeconds),
          String.format("%,.0f raw rows/s", rawRows / sqlSeconds)});
      rows.add(new String[] {"training load (features + grouping)",
          String.format("%.2f", timer.seconds().get("load")),
          String.format("%d tasks", data.taskCount()), ""});
      rows.add(new String[] {"training (" + s.label() + ")",
          String.format("%.2f", r.trainSeconds()),
          String.format("test RMSE %.1f", r.metrics.rmseMean()), ""});
      rows.add(new String[] {"predict, all series", String.format("%.2f", predictSeconds),
          String.format("%,d predictions, %d series", p.predictions(), p.series()),
          String.format("%,.0f predictions/s", p.predictions() / predictSeconds)});
      System.out.println();
      System.out.print(Table.render(new String[] {"phase", "seconds", "size", "throughput"},
          rows));
      System.out.println("\npredict: reading the raw series, building features, scoring and "
          + "writing Parquet by date, end to end.");
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
