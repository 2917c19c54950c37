package io.ctlspark.data;

import java.io.Serializable;
import java.util.List;

/**
 * Which columns of a table hold the task id, the label and the features. Features are the listed
 * columns, else every column whose name starts with the prefix, else every column but the task
 * and label columns, in table order.
 */
public record TaskColumns(String taskCol, String labelCol, List<String> featureCols,
    String featurePrefix) implements Serializable {
  public TaskColumns {
    featureCols = List.copyOf(featureCols);
    featurePrefix = featurePrefix == null ? "" : featurePrefix;
  }
}
