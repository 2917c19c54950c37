package io.ctlspark.data;

import io.ctlspark.config.ConfigName;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a run's tables are and how their columns are read: the format, the wide layout's training
 * and test tables or the long layout's raw series (paths on any Hadoop file system; null when the
 * layout does not use them), the task, label and feature columns, and what an empty task means.
 */
public record InputSpec(TableFormat format, String train, String test, String series,
    TaskColumns columns, EmptyTaskPolicy emptyTasks) implements Serializable {
  public InputSpec {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(emptyTasks, "emptyTasks");
  }

  public static InputSpec from(SettingSource src) {
    return new InputSpec(
        ConfigName.parse(TableFormat.class, Setting.FORMAT, src.string(Setting.FORMAT)),
        src.optionalString(Setting.TRAIN), src.optionalString(Setting.TEST),
        src.optionalString(Setting.SERIES),
        new TaskColumns(src.requiredString(Setting.TASK_COL),
            src.requiredString(Setting.LABEL_COL), src.stringList(Setting.FEATURE_COLS),
            src.string(Setting.FEATURE_PREFIX)),
        ConfigName.parse(EmptyTaskPolicy.class, Setting.EMPTY_TASKS,
            src.string(Setting.EMPTY_TASKS)));
  }

  /** A path the layout needs: an error naming {@code setting} when it is not given. */
  public static String required(Setting setting, String path) {
    setting.check(path);
    return path;
  }
}
