package io.ctlspark.features;

import java.io.Serializable;

/**
 * One series' counts for the gap report, computed where the series lies and collected to the
 * driver (a few numbers per series): observed values, gaps, missing steps, samples left out, the
 * first gap (from {@code gapFrom} to {@code firstGap}, epoch microseconds; 0 when there is none),
 * rows without a finite value, and whether a timestamp repeats. A class, not a record: Spark's
 * Kryo 4 cannot set a record's fields.
 */
public final class SeriesStats implements Serializable {
  private static final long serialVersionUID = 1L;
  String id;
  long rows;
  long gaps;
  long missingSteps;
  long droppedSamples;
  long firstGap;
  long gapFrom;
  long missingValues;
  boolean duplicate;

  /** For Kryo. */
  SeriesStats() {
  }

  SeriesStats(String id, long rows, long gaps, long missingSteps, long droppedSamples,
      long firstGap, long gapFrom, long missingValues, boolean duplicate) {
    this.id = id;
    this.rows = rows;
    this.gaps = gaps;
    this.missingSteps = missingSteps;
    this.droppedSamples = droppedSamples;
    this.firstGap = firstGap;
    this.gapFrom = gapFrom;
    this.missingValues = missingValues;
    this.duplicate = duplicate;
  }
}
