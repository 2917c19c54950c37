package io.ctlspark.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.budget.ReferenceAllocation;
import io.ctlspark.budget.StepPlan;
import io.ctlspark.budget.ZeroStepPolicy;
import io.ctlspark.data.EmptyTaskPolicy;
import io.ctlspark.data.TaskColumns;
import io.ctlspark.data.TaskDataset;
import io.ctlspark.data.TaskDatasetBuilder;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.geometry.DistanceKind;
import io.ctlspark.geometry.EmbeddingDistance;
import io.ctlspark.model.LinearModel;
import io.ctlspark.model.MlpModel;
import io.ctlspark.synthetic.SyntheticTasks;
import io.ctlspark.train.GradientDescent;
import io.ctlspark.train.StepRule;
import io.ctlspark.tree.CascadeTree;
import io.ctlspark.tree.PrimMst;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * The engine against the plain Java cascade, on a local master that retries a failed task up to
 * three times (local[2,3]) and with Kryo registration required.
 */
class CascadeEngineSparkTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static TaskDataset data;
  private static List<TaskRecord> local;
  private static CascadeTree tree;
  private static StepPlan plan;
  private static final AtomicInteger failedTasks = new AtomicInteger();

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[2,3]");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure) {
          failedTasks.incrementAndGet();
        }
      }
    });
    SyntheticTasks gen = SyntheticTasks.clustered(90, 3, 20, 10, 4, 2.0, 6.0, 1.0, 5);
    data = new TaskDatasetBuilder(new TaskColumns("task", "y", List.of(), ""),
        EmptyTaskPolicy.FAIL, false, 3, null).build(gen.table(spark, false, 3), "train",
        gen.table(spark, true, 2), "test");
    local = new ArrayList<>(data.records().collect());
    local.sort(Comparator.comparingInt(TaskRecord::index));
    double[][] emb = local.stream().map(r -> DistanceKind.GRADIENT.embed(r))
        .toArray(double[][]::new);
    tree = new PrimMst().build(new EmbeddingDistance(emb), 7);
    plan = ReferenceAllocation.cascadeUniform(90, 7, 900, 0.1, ZeroStepPolicy.ERROR);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static void assertSameAsLocal(TrainedTask[] expected, CascadeResult got) {
    for (TrainedTask e : expected) {
      assertArrayEquals(e.parameters(), got.parameters()[e.index()],
          "parameters of task " + e.index());
      assertEquals(e.steps(), got.stepsUsed()[e.index()]);
    }
  }

  @Test
  void globalMtlInOneSparkTaskEqualsOneJobPerStepBitForBit() {
    for (StepRule rule : new StepRule[] {StepRule.GD_CLIPPED, StepRule.ADAM}) {
      TaskTrainer trainer = new TaskTrainer(new MlpModel(3, 4),
          new GradientDescent(0.05, rule, 0.9), 42);
      long rows = 0;
      for (TaskRecord r : local) {
        rows += r.trainRows();
      }
      CascadeResult perStep = new GlobalMtlTrainer(jsc, trainer, 0)
          .train(data.records(), local.size(), rows, 40);
      CascadeResult oneTask = new GlobalMtlTrainer(jsc, trainer, BlockPlanning.POOLED_TASK_BYTES)
          .train(data.records(), local.size(), rows, 40);
      assertEquals(40, perStep.stages(), "one Spark job per step");
      assertEquals(1, oneTask.stages(), "every step in one Spark job");
      assertEquals(40, perStep.stepsCounted());
      assertEquals(40, oneTask.stepsCounted());
      for (int v = 0; v < local.size(); v++) {
        assertArrayEquals(perStep.parameters()[v], oneTask.parameters()[v], 0.0, rule + " " + v);
      }
    }
  }

  /**
   * Global MTL of the linear model steps on the pooled sufficient statistics; the parameters
   * must be those of summing every task's gradient at every step (the path it replaced, written
   * out here in plain Java) up to rounding, whatever the step rule.
   */
  @Test
  void globalMtlOfTheLinearModelEqualsRowSumsUpToRounding() {
    int d = local.get(0).featureCount();
    long rows = 0;
    for (TaskRecord r : local) {
      rows += r.trainRows();
    }
    for (StepRule rule : new StepRule[] {StepRule.GD_CLIPPED, StepRule.GD, StepRule.ADAM}) {
      LinearModel model = new LinearModel(d);
      GradientDescent descent = new GradientDescent(0.05, rule, 0.9);
      TaskTrainer trainer = new TaskTrainer(model, descent, 42);
      CascadeResult got = new GlobalMtlTrainer(jsc, trainer, BlockPlanning.POOLED_TASK_BYTES)
          .train(data.records(), local.size(), rows, 300);
      assertEquals(1, got.stages());
      assertEquals(300, got.stepsCounted());
      double[] p = trainer.freshParameters(GlobalMtlTrainer.POOLED_SEED_ID);
      StepRule.Updater updater = descent.start(p.length);
      for (int step = 0; step < 300; step++) {
        double[] grad = new double[p.length];
        for (TaskRecord r : local) {
          double[] g = new double[p.length];
          model.lossAndGradient(p, r.xTrain(), r.yTrain(), r.trainRows(), g);
          for (int i = 0; i < g.length; i++) {
            grad[i] += g[i] * r.trainRows();
          }
        }
        for (int i = 0; i < grad.length; i++) {
          grad[i] /= rows;
        }
        updater.update(p, grad);
      }
      for (int v = 0; v < local.size(); v++) {
        for (int i = 0; i < p.length; i++) {
          assertEquals(p[i], got.parameters()[v][i], 1e-12 * Math.max(1.0, Math.abs(p[i])),
              rule + ", parameter " + i);
        }
      }
    }
  }

  /** One task's statistics give its loss and gradient, as sums: checked against the model's. */
  @Test
  void pooledLinearStatisticsOfOneTaskGiveTheModelsLossAndGradient() {
    TaskRecord r = local.get(5);
    int d = r.featureCount();
    PooledLinearStatistics s = new PooledLinearStatistics(d + 1,
        PooledLinearStatistics.ofTask(r, d));
    assertEquals(r.trainRows(), s.rows());
    double[] p = new double[d + 1];
    for (int i = 0; i <= d; i++) {
      p[i] = 0.3 * i - 0.7;
    }
    double[] expected = new double[d + 1];
    double loss = new LinearModel(d).lossAndGradient(p, r.xTrain(), r.yTrain(), r.trainRows(),
        expected);
    double[] got = new double[d + 1];
    assertEquals(loss * r.trainRows(), s.lossAndGradientSums(p, got), 1e-9 * loss * r.trainRows());
    for (int i = 0; i <= d; i++) {
      assertEquals(expected[i] * r.trainRows(), got[i], 1e-9 * Math.max(1, Math.abs(got[i])));
    }
  }

  /**
   * The pooled sums do not depend on how the tasks are partitioned, also when groups of groups
   * are summed (groups of 2 over 90 tasks: seven levels).
   */
  @Test
  void pooledLinearStatisticsAreTheSameBitForBitOnAnyPartitioning() {
    int d = local.get(0).featureCount();
    double[] p = new double[d + 1];
    java.util.Arrays.fill(p, 0.25);
    double[] reference = null;
    for (int partitions : new int[] {1, 3, 8}) {
      for (long group : new long[] {2, 1024}) {
        PooledLinearStatistics s = PooledLinearStatistics.of(
            data.records().repartition(partitions), d, local.size(), group);
        double[] g = new double[d + 2];
        g[d + 1] = s.lossAndGradientSums(p, g);
        if (group == 2 && reference == null) {
          reference = g;
        } else if (group == 2) {
          assertArrayEquals(reference, g, 0.0, partitions + " partitions");
        } else {
          assertArrayEquals(reference, g, 1e-9 * Math.abs(reference[d + 1]),
              "groups of 1024 against groups of 2");
        }
      }
    }
  }

  @Test
  void accumulatorCountEqualsThePlanAndResultsMatchPlainJavaBitForBit() {
    TaskTrainer trainer = new TaskTrainer(new LinearModel(3), 0.01, 42);
    TrainedTask[] expected = LocalCascade.run(local, tree, plan, trainer);
    for (int partitions : new int[] {1, 8}) {
      for (int blockSize : new int[] {1, 4, 0}) {
        CascadeResult got = new CascadeEngine(jsc, trainer, partitions,
            new BlockPlanning(blockSize, 2e7)).run(data, tree, plan);
        assertEquals(plan.total(), got.stepsCounted(), "accumulator vs plan");
        assertSameAsLocal(expected, got);
        if (blockSize == 1) {
          assertEquals(tree.maxDepth() + 1, got.stages());
        }
      }
    }
  }

  @Test
  void aRetriedTaskIsCountedOnce() {
    TaskTrainer trainer = new TaskTrainer(new MlpModel(3, 4), 0.05, 1);
    TrainedTask[] expected = LocalCascade.run(local, tree, plan, trainer);
    // Fail the task trained last, so the failing attempt has trained (and counted) others first.
    int[] order = tree.trainingOrder();
    CascadeEngine engine = new CascadeEngine(jsc, trainer, 2, new BlockPlanning(0, 2e7));
    engine.failFirstAttemptOf(order[order.length - 1]);
    int before = failedTasks.get();
    CascadeResult got = engine.run(data, tree, plan);
    assertEquals(plan.total(), got.stepsCounted());
    assertSameAsLocal(expected, got);
    long deadline = System.currentTimeMillis() + 10_000;
    while (failedTasks.get() == before && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(failedTasks.get() > before, "the injected fault made a task attempt fail");
  }

  @Test
  void indivForestTrainsEveryTaskFromItsOwnSeed() {
    TaskTrainer trainer = new TaskTrainer(new LinearModel(3), 0.01, 3);
    CascadeTree forest = CascadeTree.independent(90);
    StepPlan p = ReferenceAllocation.independent(90, 900, ZeroStepPolicy.ERROR);
    CascadeResult got = new CascadeEngine(jsc, trainer, 4, new BlockPlanning(0, 2e7))
        .run(data, forest, p);
    assertEquals(900, got.stepsCounted());
    assertSameAsLocal(LocalCascade.run(local, forest, p, trainer), got);
    assertTrue(got.parameters()[0][0] != got.parameters()[1][0], "tasks have their own seeds");
  }

  @Test
  void recordsSurviveKryoWithRegistrationRequired() {
    SerializerInstance kryo = new KryoSerializer(spark.sparkContext().getConf()).newInstance();
    TaskRecord r = local.get(3);
    TaskRecord back = kryo.deserialize(kryo.serialize(r, ClassTag$.MODULE$.apply(
        TaskRecord.class)), ClassTag$.MODULE$.apply(TaskRecord.class));
    assertEquals(r.id(), back.id());
    assertArrayEquals(r.xTrain(), back.xTrain());
    assertArrayEquals(r.yTest(), back.yTest());
    TrainedTask t = new TrainedTask(1, new double[] {1, 2}, 3);
    TrainedTask tb = kryo.deserialize(kryo.serialize(t, ClassTag$.MODULE$.apply(
        TrainedTask.class)), ClassTag$.MODULE$.apply(TrainedTask.class));
    assertArrayEquals(t.parameters(), tb.parameters());
  }

  @Test
  void bothPlacementsPutEveryTaskOnceInItsPartitionWithoutTestRows() {
    int[] target = new int[90];
    for (int v = 0; v < 90; v++) {
      target[v] = (v * 7) % 5;
    }
    for (TaskPlacement.Mode mode : TaskPlacement.Mode.values()) {
      TaskPlacement.Placed placement = TaskPlacement.place(data.records(), target, 5, mode);
      List<scala.Tuple2<Integer, TaskRecord>> placed = placement.records()
          .mapPartitionsWithIndex((p, it) -> {
            List<scala.Tuple2<Integer, TaskRecord>> out = new ArrayList<>();
            it.forEachRemaining(r -> out.add(new scala.Tuple2<>(p, r)));
            return out.iterator();
          }, true).collect();
      placement.release();
      int[] seen = new int[90];
      for (scala.Tuple2<Integer, TaskRecord> t : placed) {
        TaskRecord r = t._2();
        assertEquals(target[r.index()], t._1(), mode + ": task " + r.index());
        assertEquals(0, r.testRows());
        assertArrayEquals(local.get(r.index()).xTrain(), r.xTrain());
        seen[r.index()]++;
      }
      for (int v = 0; v < 90; v++) {
        assertEquals(1, seen[v], mode + ": task " + v + " placed once");
      }
    }
    assertEquals(TaskPlacement.Mode.IN_PROCESS, TaskPlacement.modeFor(spark.sparkContext()));
  }

  @Test
  void inProcessTheRecordsLineageIsCut() {
    // Local mode: the records are read from what was checkpointed locally, so jobs on them do
    // not ship the SQL plan that built them (io.ctlspark.data.CachedRdd).
    assertTrue(data.records().toDebugString().contains("LocalCheckpointRDD"),
        data.records().toDebugString());
    assertTrue(!data.records().toDebugString().contains("SQLExecutionRDD")
        && !data.records().toDebugString().contains("ShuffledRowRDD"),
        data.records().toDebugString());
  }

  private static org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate heartbeat(
      long accumulatorId, long... taskAndSteps) {
    List<scala.Tuple4<Object, Object, Object,
        scala.collection.immutable.Seq<org.apache.spark.scheduler.AccumulableInfo>>> tasks =
        new ArrayList<>();
    for (int i = 0; i < taskAndSteps.length; i += 2) {
      List<org.apache.spark.scheduler.AccumulableInfo> infos = List.of(
          new org.apache.spark.scheduler.AccumulableInfo(accumulatorId,
              scala.Option.apply("ctl.steps"), scala.Option.apply(taskAndSteps[i + 1]),
              scala.Option.empty(), false, false, scala.Option.empty()),
          new org.apache.spark.scheduler.AccumulableInfo(accumulatorId + 1000,
              scala.Option.apply("other"), scala.Option.apply(999L), scala.Option.empty(),
              false, false, scala.Option.empty()));
      tasks.add(new scala.Tuple4<>(taskAndSteps[i], 0, 0,
          scala.jdk.javaapi.CollectionConverters.asScala(infos).toSeq()));
    }
    return org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate.apply("driver",
        scala.jdk.javaapi.CollectionConverters.asScala(tasks).toSeq(),
        scala.collection.immutable.Map$.MODULE$.empty());
  }

  @Test
  void progressAddsRunningTasksHeartbeatsToFinishedOnes() {
    org.apache.spark.util.LongAccumulator steps = jsc.sc().longAccumulator("ctl.steps");
    StepProgress progress = new StepProgress(steps, 100);
    steps.add(10); // merged: finished tasks
    progress.onExecutorMetricsUpdate(heartbeat(steps.id(), 5L, 7L, 6L, 3L));
    assertEquals(20, progress.stepsSoFar(), "10 merged + 7 + 3 running; other accumulators ignored");
    progress.onExecutorMetricsUpdate(heartbeat(steps.id(), 5L, 9L));
    assertEquals(22, progress.stepsSoFar(), "a newer report replaces the task's older one");
    steps.add(200);
    assertEquals(100, progress.stepsSoFar(), "never past the plan");
  }
}
