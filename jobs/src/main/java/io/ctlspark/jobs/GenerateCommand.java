package io.ctlspark.jobs;

import io.ctlspark.BadInputException;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.AtomicFolder;
import io.ctlspark.synthetic.SyntheticTasks;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ctl generate: the paper's synthetic settings written as train/ and test/ tables that train,
 * experiment and tune read (task, x0..x{d-1}, y). Defaults are the paper's: T = 200, d = 5,
 * 64 training and 128 test rows per task, sigma = 5; homogeneous tau = 15; clustered K = 5,
 * tau_within = 5, tau_between = 10.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic many-task dataset (the paper's generators) as OUT/train "
        + "and OUT/test, with OUT/README.txt saying how it was made.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--setting", description = "homogeneous or clustered (default: "
      + "${DEFAULT-VALUE})")
  String setting = "clustered";

  @Option(names = "--labels", description = "regression, or binary (1 where the regression "
      + "label is positive: tasks for the logistic model) (default: ${DEFAULT-VALUE})")
  String labels = "regression";

  @Option(names = "--tasks", description = "T (default: ${DEFAULT-VALUE})")
  int tasks = 200;

  @Option(names = "--dim", description = "d (default: ${DEFAULT-VALUE})")
  int dim = 5;

  @Option(names = "--train-rows", description = "training rows per task (default: "
      + "${DEFAULT-VALUE})")
  int trainRows = 64;

  @Option(names = "--test-rows", description = "test rows per task (default: ${DEFAULT-VALUE})")
  int testRows = 128;

  @Option(names = "--sigma", description = "label noise (default: ${DEFAULT-VALUE})")
  double sigma = 5;

  @Option(names = "--tau", description = "homogeneous: task spread (default: ${DEFAULT-VALUE})")
  double tau = 15;

  @Option(names = "--clusters", description = "clustered: K (default: ${DEFAULT-VALUE})")
  int clusters = 5;

  @Option(names = "--tau-within", description = "clustered (default: ${DEFAULT-VALUE})")
  double tauWithin = 5;

  @Option(names = "--tau-between", description = "clustered (default: ${DEFAULT-VALUE})")
  double tauBetween = 10;

  @Option(names = "--seed", description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed = 0;

  @Option(names = "--format", description = "csv or parquet (default: ${DEFAULT-VALUE})")
  String format = "csv";

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  String out;

  @Option(names = "--overwrite", description = "replace --out if it exists")
  boolean overwrite;

  @Override
  public Integer call() {
    if (tasks < 1 || dim < 1 || trainRows < 1 || testRows < 1) {
      throw new BadInputException("--tasks, --dim, --train-rows and --test-rows must be at "
          + "least 1");
    }
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw new BadInputException("--format: expected csv or parquet, got '" + format + "'");
    }
    SyntheticTasks gen = switch (setting) {
      case "homogeneous" -> SyntheticTasks.homogeneous(tasks, dim, trainRows, testRows, tau,
          sigma, seed);
      case "clustered" -> SyntheticTasks.clustered(tasks, dim, trainRows, testRows, clusters,
          tauWithin, tauBetween, sigma, seed);
      default -> throw new BadInputException("--setting: expected homogeneous or clustered, "
          + "got '" + setting + "'");
    };
    gen = switch (labels) {
      case "regression" -> gen;
      case "binary" -> gen.withBinaryLabels();
      default -> throw new BadInputException("--labels: expected regression or binary, got '"
          + labels + "'");
    };
    SyntheticTasks data = gen;
    String description = String.format("ctl generate --setting %s --labels %s --tasks %d --dim %d"
        + " --train-rows %d --test-rows %d --sigma %s --tau %s --clusters %d --tau-within %s"
        + " --tau-between %s --seed %d --format %s%n%nColumns: task, x0..x%d, y. Read with "
        + "ctl.data.train = %s/train, ctl.data.test = %s/test%s.%n", setting, labels, tasks, dim,
        trainRows, testRows, sigma, tau, clusters, tauWithin, tauBetween, seed, format, dim - 1,
        out, out, labels.equals("binary") ? ", ctl.model.type = logistic" : "");
    CtlConfig defaults = CtlConfig.load(null, List.of());
    Preflight.writable(defaults, out, overwrite, "--out", "pass --overwrite");
    return SparkJob.run(defaults, spark -> {
      AtomicFolder folder = AtomicFolder.open(spark.sparkContext().hadoopConfiguration(), out,
          overwrite, "--out");
      folder.write(tmp -> {
        for (boolean test : new boolean[] {false, true}) {
          Dataset<Row> table = data.table(spark, test,
              spark.sparkContext().defaultParallelism()).coalesce(1);
          String path = new Path(tmp, test ? "test" : "train").toString();
          if (format.equals("csv")) {
            table.write().option("header", "true").csv(path);
          } else {
            table.write().parquet(path);
          }
        }
        AtomicFolder.writeText(folder.fileSystem(), new Path(tmp, "README.txt"), description);
      }, "pass --overwrite");
      System.out.printf("%d %s tasks (%s labels), %d + %d rows each -> %s%n", tasks, setting,
          labels, trainRows, testRows, out);
      return 0;
    });
  }
}
