package io.ctlspark.data;

import java.io.Serializable;
import java.util.List;

/**
 * Which columns of a table hold the task id, the label and the features. Features are the listed
 * columns, else every column whose name starts with the prefix, else every column but the task
 * and label columns, in table order.
 */
public final class TaskColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String taskCol;
  private final String labelCol;
  private final List<String> featureCols;
  private final String featurePrefix;

  public TaskColumns(String taskCol, String labelCol, List<String> featureCols,
      String featurePrefix) {
    this.taskCol = taskCol;
    this.labelCol = labelCol;
    this.featureCols = List.copyOf(featureCols);
    this.featurePrefix = featurePrefix == null ? "" : featurePrefix;
  }

  public String taskCol() {
    return taskCol;
  }

  public String labelCol() {
    return labelCol;
  }

  public List<String> featureCols() {
    return featureCols;
  }

  public String featurePrefix() {
    return featurePrefix;
  }
}
