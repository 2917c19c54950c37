package io.ctlspark.eval;

import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;

/**
 * Which optional baselines a run scores besides the seasonal naive and per-task ridge ones: the
 * global gradient-boosted-trees model, with its number of trees and their depth.
 */
public record BaselineSpec(boolean gbt, int gbtTrees, int gbtDepth) {
  public BaselineSpec {
    Setting.GBT_TREES.check(gbtTrees);
    Setting.GBT_DEPTH.check(gbtDepth);
  }

  public static BaselineSpec from(SettingSource src) {
    return new BaselineSpec(src.bool(Setting.BASELINE_GBT), src.integer(Setting.GBT_TREES),
        src.integer(Setting.GBT_DEPTH));
  }
}
