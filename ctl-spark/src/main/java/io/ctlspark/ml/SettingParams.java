package io.ctlspark.ml;

import io.ctlspark.config.ConfigName;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.RunSpec;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The Spark ML Params of every run setting ({@link Setting.Scope#RUN}), declared from the setting
 * registry: name, doc, default (reference.conf's) and a validator that applies the setting's own
 * check when the value is set, so a bad value fails at set time with the domain's message. As a
 * {@link SettingSource}, the Params feed {@link RunSpec#from}, the same path the configuration
 * reader takes.
 */
final class SettingParams implements SettingSource {
  /** The internal task and label columns fit hands the run. */
  static final String TASK = "_task";
  static final String LABEL = "_label";
  private static final CtlConfig DEFAULTS = CtlConfig.load(null, List.of());

  private final Params owner;
  private final Map<Setting, Param<?>> params = new LinkedHashMap<>();

  SettingParams(Params owner) {
    this.owner = owner;
    for (Setting s : Setting.values()) {
      if (s.scope() == Setting.Scope.RUN) {
        params.put(s, declare(owner, s));
      }
    }
  }

  /** Every run setting's Param, in the registry's order. */
  Map<Setting, Param<?>> params() {
    return params;
  }

  @SuppressWarnings("unchecked")
  <T> Param<T> param(Setting s) {
    Param<?> p = params.get(s);
    if (p == null) {
      throw new IllegalArgumentException(s + " is not a Spark ML Param (it says how files are "
          + "read)");
    }
    return (Param<T>) p;
  }

  /** reference.conf's value of a run setting, as the Param's type holds it. */
  static Object defaultValue(Setting s) {
    return switch (s.kind()) {
      case INT -> DEFAULTS.integer(s);
      case LONG -> DEFAULTS.longValue(s);
      case DOUBLE -> DEFAULTS.number(s);
      default -> DEFAULTS.string(s);
    };
  }

  private static Param<?> declare(Params owner, Setting s) {
    String doc = s.doc() + " (" + s.key() + ")";
    Function1<Object, Object> valid = v -> validate(s, v);
    return switch (s.kind()) {
      case INT -> new IntParam(owner, s.paramName(), doc, valid);
      case LONG -> new LongParam(owner, s.paramName(), doc, valid);
      case DOUBLE -> new DoubleParam(owner, s.paramName(), doc, valid);
      case STRING, CHOICE -> new Param<String>(owner, s.paramName(), doc, toStringCheck(valid));
      default -> throw new IllegalStateException(s + " has no Param kind");
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Function1<String, Object> toStringCheck(Function1<Object, Object> valid) {
    return (Function1) valid;
  }

  /** True, or an {@link InvalidSettingException} naming the Param and what it allows. */
  private static boolean validate(Setting s, Object v) {
    s.check(v);
    List<String> choices = RunSpec.choices(s);
    if (!choices.isEmpty() && !choices.contains(v)) {
      throw ConfigName.unknown(s, v, choices);
    }
    return true;
  }

  private Object value(Setting s) {
    return owner.getOrDefault(param(s));
  }

  @Override
  public String string(Setting s) {
    return switch (s) {
      case TASK_COL -> TASK;
      case LABEL_COL -> LABEL;
      default -> s.scope() == Setting.Scope.RUN ? (String) value(s) : DEFAULTS.string(s);
    };
  }

  @Override
  public int integer(Setting s) {
    return s.scope() == Setting.Scope.RUN ? (Integer) value(s) : DEFAULTS.integer(s);
  }

  @Override
  public long longValue(Setting s) {
    return s.scope() == Setting.Scope.RUN ? (Long) value(s) : DEFAULTS.longValue(s);
  }

  @Override
  public double number(Setting s) {
    return s.scope() == Setting.Scope.RUN ? (Double) value(s) : DEFAULTS.number(s);
  }

  @Override
  public boolean bool(Setting s) {
    return DEFAULTS.bool(s);
  }

  @Override
  public List<String> stringList(Setting s) {
    return DEFAULTS.stringList(s);
  }

  @Override
  public Duration duration(Setting s) {
    return DEFAULTS.duration(s);
  }
}
