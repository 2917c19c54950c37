package io.ctlspark.data;

import io.ctlspark.config.ConfigName;

/** What to do with a task left without usable training or test rows. */
public enum EmptyTaskPolicy implements ConfigName {
  /** Stop with an error that names the task (the default: nothing is silently left out). */
  FAIL,
  /** Leave the task out with a warning that names it, as the reference does. */
  SKIP;
}
