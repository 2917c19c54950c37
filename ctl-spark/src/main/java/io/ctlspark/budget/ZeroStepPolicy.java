package io.ctlspark.budget;

import io.ctlspark.config.ConfigName;

/** What to do when the budget cannot give every task at least one step. */
public enum ZeroStepPolicy implements ConfigName {
  /** Stop with an error that says how large the budget must be. */
  ERROR,
  /** Run the zero-step tasks as pure transfer: they keep their initial parameters. */
  TRANSFER;
}
