package io.ctlspark.data;

import io.ctlspark.features.SeriesGaps;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The tasks of one run: one cached {@link TaskRecord} per task, hash-partitioned by task id,
 * plus what the driver needs to know of them (ids and row counts by index, features, what was
 * dropped or skipped).
 */
public final class TaskDataset {
  private final JavaRDD<TaskRecord> records;
  private final CachedRdd<?> kept;
  private final Broadcast<?> lineage;
  private final String[] taskIds;
  private final List<String> featureNames;
  private final int[] trainRows;
  private final int[] testRows;
  private final long droppedRows;
  private final List<String> skippedTasks;
  private List<SeriesGaps> seriesGaps = List.of();
  private Map<String, double[][]> observationSums;
  private Baselines baselines = Baselines.NONE;

  /**
   * @param records the records: {@code kept}'s items, or computed from them
   * @param kept what Spark keeps of the records, freed by release()
   * @param lineage a broadcast the records are computed with, destroyed by release(); null for
   *     none
   */
  public TaskDataset(JavaRDD<TaskRecord> records, CachedRdd<?> kept, Broadcast<?> lineage,
      String[] taskIds, List<String> featureNames, int[] trainRows, int[] testRows,
      long droppedRows, List<String> skippedTasks) {
    this.records = records;
    this.kept = kept;
    this.lineage = lineage;
    this.taskIds = taskIds;
    this.featureNames = List.copyOf(featureNames);
    this.trainRows = trainRows;
    this.testRows = testRows;
    this.droppedRows = droppedRows;
    this.skippedTasks = List.copyOf(skippedTasks);
  }

  /**
   * Each task's seasonal naive sums, by task id, when the builder kept the observations
   * ({@link TaskDatasetBuilder#withObservations}); null otherwise. Tasks not kept are there too.
   */
  public Map<String, double[][]> observationSums() {
    return observationSums;
  }

  TaskDataset withObservationSums(Map<String, double[][]> sums) {
    this.observationSums = sums;
    return this;
  }

  public JavaRDD<TaskRecord> records() {
    return records;
  }

  public int taskCount() {
    return taskIds.length;
  }

  /** Task id by index (sorted ids). */
  public String taskId(int index) {
    return taskIds[index];
  }

  public String[] taskIds() {
    return taskIds.clone();
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public int featureCount() {
    return featureNames.size();
  }

  public int trainRows(int index) {
    return trainRows[index];
  }

  public int testRows(int index) {
    return testRows[index];
  }

  /** Rows dropped for a non-finite feature or label, train and test together. */
  public long droppedRows() {
    return droppedRows;
  }

  /** Tasks left out for having no usable rows (only with ctl.data.empty-tasks = skip). */
  public List<String> skippedTasks() {
    return skippedTasks;
  }

  /** Gaps found while building the samples from raw series (long layout), by series. */
  public List<SeriesGaps> seriesGaps() {
    return seriesGaps;
  }

  /** The baselines scored on these tasks' test rows (Baselines.NONE until computed). */
  public Baselines baselines() {
    return baselines;
  }

  public TaskDataset withBaselines(Baselines b) {
    this.baselines = b;
    return this;
  }

  public TaskDataset withSeriesGaps(List<SeriesGaps> gaps) {
    this.seriesGaps = List.copyOf(gaps);
    return this;
  }

  /**
   * The tuning view: every task's training rows split into training and validation rows (see
   * {@link TaskRecord#validationSplit}); the validation rows take the place of the test rows.
   * Release it before this dataset.
   */
  public TaskDataset validationSplit(int rows, boolean last) {
    for (int v = 0; v < taskIds.length; v++) {
      if (trainRows[v] <= rows) {
        throw new InvalidSettingException("task '" + taskIds[v] + "' has " + trainRows[v]
            + " training rows: a validation split of " + rows + " leaves none to train on ({0})",
            Setting.TUNE_VALIDATION_ROWS);
      }
    }
    int[] fit = new int[trainRows.length];
    int[] val = new int[trainRows.length];
    for (int v = 0; v < fit.length; v++) {
      fit[v] = trainRows[v] - rows;
      val[v] = rows;
    }
    CachedRdd<TaskRecord> split = CachedRdd.keep(records.map(r -> r.validationSplit(rows, last)));
    return new TaskDataset(split.rdd(), split, null, taskIds, featureNames, fit, val,
        droppedRows, skippedTasks);
  }

  /** Frees the cached records; the dataset cannot be used afterwards. */
  public void release() {
    kept.release();
    if (lineage != null) {
      lineage.destroy();
    }
  }
}
