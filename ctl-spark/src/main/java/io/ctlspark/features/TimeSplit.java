package io.ctlspark.features;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.ctlspark.BadInputException;
import io.ctlspark.config.CtlConfig;
import java.io.Serializable;
import java.time.ZoneId;
import org.apache.spark.sql.Column;

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

  public TimeSplit(CtlConfig c, ZoneId zone) {
    trainEnd = optionalTime(c, "ctl.split.train-end", zone);
    validationEnd = optionalTime(c, "ctl.split.validation-end", zone);
    testEnd = optionalTime(c, "ctl.split.test-end", zone);
    trainRows = c.integer("ctl.split.train-rows");
    validationRows = c.integer("ctl.split.validation-rows");
    testRows = c.integer("ctl.split.test-rows");
    if (trainRows < 0 || validationRows < 0 || testRows < 0) {
      throw new BadInputException("ctl.split.*-rows: counts cannot be negative");
    }
    if (trainEnd != null) {
      if (trainRows > 0) {
        throw new BadInputException("ctl.split: give train-end or train-rows, not both");
      }
      if (validationEnd != null && validationEnd <= trainEnd) {
        throw new BadInputException("ctl.split.validation-end must come after "
            + "ctl.split.train-end");
      }
      Long before = validationEnd != null ? validationEnd : trainEnd;
      if (testEnd != null && testEnd <= before) {
        throw new BadInputException("ctl.split.test-end must come after "
            + (validationEnd != null ? "ctl.split.validation-end" : "ctl.split.train-end"));
      }
    } else if (trainRows == 0) {
      throw new BadInputException("ctl.split: give ctl.split.train-end (a timestamp) or "
          + "ctl.split.train-rows (samples per series) to split raw series in time");
    } else if (validationEnd != null || testEnd != null) {
      throw new BadInputException("ctl.split: validation-end and test-end need train-end");
    }
  }

  private static Long optionalTime(CtlConfig c, String key, ZoneId zone) {
    String s = c.string(key);
    return s == null || s.isBlank() ? null : Timestamps.parseSetting(key, s, zone);
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
  public Column assign(Column t, Column position) {
    if (!byRows()) {
      Column code = when(t.leq(lit(trainEnd)), lit(TRAIN));
      if (validationEnd != null) {
        code = code.when(t.leq(lit(validationEnd)), lit(VALIDATION));
      }
      return testEnd == null ? code.otherwise(lit(TEST))
          : code.when(t.leq(lit(testEnd)), lit(TEST));
    }
    long v = trainRows + (long) validationRows;
    Column code = when(position.leq(lit(trainRows)), lit(TRAIN))
        .when(position.leq(lit(v)), lit(VALIDATION));
    return testRows == 0 ? code.otherwise(lit(TEST))
        : code.when(position.leq(lit(v + testRows)), lit(TEST));
  }
}
