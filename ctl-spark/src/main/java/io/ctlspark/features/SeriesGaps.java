package io.ctlspark.features;

/**
 * What the feature builder found missing in one series: how many times consecutive timestamps
 * were not one interval apart, how many interval steps that leaves out, and how many samples were
 * left out because their lags spanned such a gap.
 */
public record SeriesGaps(String series, long gaps, long missingSteps, long droppedSamples,
    long missingValues) {}
