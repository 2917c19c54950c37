package io.ctlspark.data;

import java.io.Serializable;

/**
 * Where a loader takes the seasonal naive's observations from
 * ({@link TaskDatasetBuilder#withObservations}): every row whose label is a finite number,
 * whatever its features hold, with its time read from {@code timeCol} (text in {@code zone}, or
 * a Parquet instant; NaN when unreadable or missing) and its split.
 */
record NaiveObservations(String timeCol, String zone) implements Serializable {
}
