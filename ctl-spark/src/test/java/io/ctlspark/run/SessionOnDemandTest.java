package io.ctlspark.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.SparkRuntime;
import io.ctlspark.cascade.CtlKryoRegistrator;
import io.ctlspark.data.TableFormat;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskTableReader;
import io.ctlspark.method.PhaseTimer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a bare SparkContext ({@link SparkRuntime#sessionOnDemand}): train on CSV tables loads,
 * trains and writes its folder without ever making Spark SQL's session (half of Spark's start),
 * and the session is made, once, over the same context when something asks for it.
 */
class SessionOnDemandTest {
  private static SparkContext sc;

  @BeforeAll
  static void start() {
    // No session may linger from an earlier test class in this JVM.
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    sc = SparkContext.getOrCreate(new SparkConf().setMaster("local[2]")
        .setAppName("ctl-spark-test").set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", CtlKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true"));
  }

  /** Each test starts with no session over the context (a session holds no resources). */
  @BeforeEach
  void noSession() {
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  @AfterAll
  static void stop() {
    sc.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /**
   * On a local Spark, the command-line tool's start names PosixLocalFileSystem for file://
   * unless the Hadoop configuration Spark built names a file system already.
   */
  @Test
  void aLocalSparksFilesGoThroughPosixLocalFileSystemUnlessOneIsNamed() {
    org.apache.hadoop.conf.Configuration hadoop = sc.hadoopConfiguration();
    String before = hadoop.get("fs.file.impl");
    try {
      hadoop.unset("fs.file.impl");
      SparkSessions.start(io.ctlspark.config.CtlConfig.load(null, List.of()));
      assertEquals(PosixLocalFileSystem.class.getName(), hadoop.get("fs.file.impl"));
      hadoop.set("fs.file.impl", org.apache.hadoop.fs.LocalFileSystem.class.getName());
      SparkSessions.start(io.ctlspark.config.CtlConfig.load(null, List.of()));
      assertEquals(org.apache.hadoop.fs.LocalFileSystem.class.getName(),
          hadoop.get("fs.file.impl"));
    } finally {
      if (before == null) {
        hadoop.unset("fs.file.impl");
      } else {
        hadoop.set("fs.file.impl", before);
      }
    }
  }

  /** task,y,x0,x1 rows of six tasks: y a task-specific linear function of x plus a wobble. */
  private static void table(Path file, int rows, int offset) throws IOException {
    StringBuilder sb = new StringBuilder("task,y,x0,x1\n");
    for (int t = 0; t < 6; t++) {
      for (int i = 0; i < rows; i++) {
        double x0 = (i + offset) % 7 - 3;
        double x1 = ((i + offset) * 3) % 5 - 2;
        double y = (1 + 0.1 * t) * x0 - 0.5 * x1 + ((i * 7 + t) % 3) * 0.01;
        sb.append(String.format(Locale.ROOT, "t%d,%s,%s,%s%n", t, y, x0, x1));
      }
    }
    Files.writeString(file, sb);
  }

  @Test
  void trainOnCsvNeverMakesASqlSessionAndOneIsMadeOnRequest(@TempDir Path dir)
      throws IOException {
    table(dir.resolve("train.csv"), 12, 0);
    table(dir.resolve("test.csv"), 6, 12);
    SparkRuntime spark = SparkRuntime.sessionOnDemand(sc);
    RunSpec s = RunFixtures.settings("ctl.data.train=" + dir.resolve("train.csv"),
        "ctl.data.test=" + dir.resolve("test.csv"), "ctl.train.budget=60");
    TrainingRun run = new TrainingRun(spark, 2);
    TaskDataset data = run.load(s);
    try {
      RunResult r = run.train(data, s, new PhaseTimer());
      new RunOutput(sc, dir.resolve("out").toString(), false).write(r, "{}", "test",
          List.of());
      assertEquals(6, data.taskCount());
      assertEquals(6, data.baselines().ridge().rmse().length, "the ridge baseline was scored");
    } finally {
      data.release();
    }
    assertFalse(SparkSession.getDefaultSession().isDefined(), "no SQL session was made");
    assertFalse(SparkSession.getActiveSession().isDefined(), "no SQL session was made");

    SparkSession session = spark.session();
    assertSame(sc, session.sparkContext(), "the session runs on the job's context");
    assertSame(session, spark.session(), "made once");
    assertEquals(6, session.read().parquet(dir.resolve("out/models").toString()).count(),
        "the folder written without Spark SQL reads back through it");
  }

  @Test
  void readingThroughSparkSqlMakesTheSession(@TempDir Path dir) throws IOException {
    table(dir.resolve("t.csv"), 3, 0);
    SparkRuntime spark = SparkRuntime.sessionOnDemand(sc);
    TaskTableReader reader = new TaskTableReader(spark, TableFormat.CSV);
    assertEquals(List.of("task", "y", "x0", "x1"), reader.csvHeader("k", dir.resolve("t.csv")
        .toString()), "the header is read without a session");
    assertEquals(18, reader.read("k", dir.resolve("t.csv").toString()).count());
    assertTrue(SparkSession.getDefaultSession().isDefined());
    assertSame(sc, SparkSession.getDefaultSession().get().sparkContext());
  }
}
