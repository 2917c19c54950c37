package io.ctlspark.features;

import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.Serializable;
import java.time.ZoneId;

/**
 * ctl.split.*: which samples of a series train, validate (for tuning) and test, in time order, by
 * the target's timestamp (train-end, validation-end, test-end) or by counts of samples per series
 * (train-rows, validation-rows, test-rows). Training samples all come before validation samples,
 * which come before test samples, so no future label reaches training.
 */
public final class TimeSplit implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Split codes, as the task dataset builder numbers them (0 train, 1 test). */
  public static final int TRAIN = 0;
  public static final int TEST = 1;
  public static final int VALIDATION = 2;

  private final Long trainEnd;
  private final Long validationEnd;
  private final Long testEnd;
  private final int trainRows;
  private final int validationRows;
  private final int testRows;

  /**
   * @param trainEnd last training target time (epoch microseconds), or null to split by counts
   * @param validationEnd last validation target time, or null
   * @param testEnd last test target time, or null for every later sample
   */
  public TimeSplit(Long trainEnd, Long validationEnd, Long testEnd, int trainRows,
      int validationRows, int testRows) {
    this.trainEnd = trainEnd;
    this.validationEnd = validationEnd;
    this.testEnd = testEnd;
    this.trainRows = trainRows;
    this.validationRows = validationRows;
    this.testRows = testRows;
    Setting.TRAIN_ROWS.check(trainRows);
    Setting.VALIDATION_ROWS.check(validationRows);
    Setting.TEST_ROWS.check(testRows);
    if (trainEnd != null) {
      if (trainRows > 0) {
        throw new InvalidSettingException("give {0} or {1}, not both", Setting.TRAIN_END,
            Setting.TRAIN_ROWS);
      }
      if (validationEnd != null && validationEnd <= trainEnd) {
        throw new InvalidSettingException("{0} must come after {1}", Setting.VALIDATION_END,
            Setting.TRAIN_END);
      }
      Long before = validationEnd != null ? validationEnd : trainEnd;
      if (testEnd != null && testEnd <= before) {
        throw new InvalidSettingException("{0} must come after {1}", Setting.TEST_END,
            validationEnd != null ? Setting.VALIDATION_END : Setting.TRAIN_END);
      }
    } else if (trainRows == 0) {
      throw new InvalidSettingException("give {0} (a timestamp) or {1} (samples per series) to "
          + "split raw series in time", Setting.TRAIN_END, Setting.TRAIN_ROWS);
    } else if (validationEnd != null || testEnd != null) {
      throw new InvalidSettingException("{0} and {1} need {2}", Setting.VALIDATION_END,
          Setting.TEST_END, Setting.TRAIN_END);
    }
  }

  /** The split settings of {@code src}, timestamps read in {@code zone}. */
  public static TimeSplit from(SettingSource src, ZoneId zone) {
    return new TimeSplit(optionalTime(src, Setting.TRAIN_END, zone),
        optionalTime(src, Setting.VALIDATION_END, zone),
        optionalTime(src, Setting.TEST_END, zone), src.integer(Setting.TRAIN_ROWS),
        src.integer(Setting.VALIDATION_ROWS), src.integer(Setting.TEST_ROWS));
  }

  private static Long optionalTime(SettingSource src, Setting setting, ZoneId zone) {
    String s = src.optionalString(setting);
    return s == null ? null : Timestamps.parseSetting(setting, s, zone);
  }

  /** Whether a validation range is configured (validation-end, or validation-rows > 0). */
  public boolean hasValidation() {
    return byRows() ? validationRows > 0 : validationEnd != null;
  }

  /** Whether the split counts samples (and so needs each sample's position in its series). */
  public boolean byRows() {
    return trainEnd == null;
  }

  /**
   * The split code of a sample (null: in none of them) from its target time {@code t} in epoch
   * microseconds, or, when splitting by counts, its 1-based position {@code position} among its
   * series' complete samples.
   */
  public Integer code(long t, long position) {
    if (!byRows()) {
      if (t <= trainEnd) {
        return TRAIN;
      }
      if (validationEnd != null && t <= validationEnd) {
        return VALIDATION;
      }
      return testEnd == null || t <= testEnd ? TEST : null;
    }
    long v = trainRows + (long) validationRows;
    if (position <= trainRows) {
      return TRAIN;
    }
    if (position <= v) {
      return VALIDATION;
    }
    return testRows == 0 || position <= v + testRows ? TEST : null;
  }
}
