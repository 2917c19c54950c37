package io.ctlspark.spec;

/**
 * Where a run's settings come from: a configuration (HOCON file and --set overrides) or a Spark ML
 * estimator's Params. Both build the same typed specification from it, so the two paths share
 * every rule. An implementation reports a value it cannot read as the type asked for as a bad
 * input naming the setting as its user knows it.
 */
public interface SettingSource {
  String string(Setting s);

  int integer(Setting s);

  long longValue(Setting s);

  double number(Setting s);

  boolean bool(Setting s);

  java.util.List<String> stringList(Setting s);

  java.time.Duration duration(Setting s);

  /** A string setting that may be absent: null for null or blank. */
  default String optionalString(Setting s) {
    String v = string(s);
    return v == null || v.isBlank() ? null : v;
  }

  /** A string setting that must be given; an error naming it otherwise. */
  default String requiredString(Setting s) {
    String v = string(s);
    s.check(v);
    if (v.isBlank()) {
      throw new InvalidSettingException("{0} is required", s);
    }
    return v;
  }
}
