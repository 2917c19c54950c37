package io.ctlspark.cascade;

import com.esotericsoftware.kryo.Kryo;
import io.ctlspark.data.TaskRecord;
import io.ctlspark.eval.TaskMetrics;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers what ctl-spark ships between driver and executors with Spark's Kryo (Kryo 4, as Spark
 * bundles it), so that runs with spark.kryo.registrationRequired=true work and records are written
 * without class names.
 */
public final class CtlKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.register(TaskRecord.class);
    kryo.register(io.ctlspark.data.TaskRows.class);
    kryo.register(io.ctlspark.data.RowChunk.class);
    // Raw series grouped for feature building (SeriesFeatures.fromLong).
    kryo.register(io.ctlspark.features.SeriesChunk.class);
    kryo.register(io.ctlspark.features.SeriesObservations.class);
    kryo.register(io.ctlspark.features.SeriesStats.class);
    kryo.register(io.ctlspark.features.SeriesSamples.class);
    kryo.register(TrainedTask.class);
    // Synthetic tables' generator, broadcast to the executors that draw the rows.
    kryo.register(io.ctlspark.synthetic.SyntheticTasks.class);
    kryo.register(TaskMetrics.class);
    kryo.register(io.ctlspark.model.TaskModel.class);
    kryo.register(CascadeEngine.Schedule.class);
    // Task distance summaries (DistanceFamily), collected from the executors.
    kryo.register(io.ctlspark.geometry.FeatureRows.class);
    kryo.register(io.ctlspark.geometry.MeanCovariance.class);
    kryo.register(double[].class);
    kryo.register(double[][].class);
    kryo.register(double[][][].class);
    kryo.register(int[].class);
    kryo.register(long[].class);
    kryo.register(String[].class);
    kryo.register(Object[].class);
    kryo.register(java.util.HashMap.class);
    kryo.register(java.util.ArrayList.class);
    kryo.register(scala.Tuple2.class);
    kryo.register(scala.Tuple3.class);
    kryo.register(scala.Tuple5.class);
    // Spark serialises a scan's schema with Kryo and registers flat types only; the models/
    // table has array columns, so reading it back needs ArrayType too.
    kryo.register(org.apache.spark.sql.types.ArrayType.class);
    // A write's task results carry its schema: predictions have timestamp and boolean columns.
    kryo.register(org.apache.spark.sql.types.TimestampType$.class);
    kryo.register(org.apache.spark.sql.types.BooleanType$.class);
    kryo.register(org.apache.spark.sql.types.DateType$.class);
    // MLlib's KMeans (cluster trees) ships these; they are Spark-private, so named here. Without
    // MLlib on the classpath nothing can ship them, and there is nothing to register.
    for (String name : MLLIB_INTERNAL) {
      try {
        kryo.register(Class.forName(name, false, getClass().getClassLoader()));
      } catch (ClassNotFoundException e) {
        // MLlib absent: no KMeans, no cluster trees.
      }
    }
  }

  private static final String[] MLLIB_INTERNAL = {
      "org.apache.spark.mllib.clustering.VectorWithNorm",
      "[Lorg.apache.spark.mllib.clustering.VectorWithNorm;",
  };
}
