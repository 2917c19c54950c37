package io.ctlspark.train;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;

/** The training loss became NaN or infinite: almost always a learning rate that is too large. */
public final class TrainingDivergedException extends InvalidSettingException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String taskId, int step, double loss) {
    super("training diverged on task '" + taskId + "' at step " + step + ": loss is " + loss
        + " (lower {0}, or check the task's data)", Setting.ETA);
  }
}
