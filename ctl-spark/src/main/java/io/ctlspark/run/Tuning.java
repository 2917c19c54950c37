package io.ctlspark.run;

import java.util.Map;

/**
 * The search a run was tuned by before it trained (ctl.train.tune): its trials, the best trial's
 * mean validation RMSE and settings, and trials.csv. Written to the run folder beside the run.
 *
 * @param best the tuned configuration keys and their values
 * @param rowGradients the computation of every trial, summed
 */
public record Tuning(int trials, String sampler, double validationRmse, Map<String, Object> best,
    long rowGradients, String trialsCsv) {}
