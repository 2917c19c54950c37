package io.ctlspark.config;

import io.ctlspark.BadInputException;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * For enums: a constant's name in configuration files is its Java name in lower kebab case
 * (GLOBAL_MTL is "global-mtl").
 */
public interface ConfigName {
  default String configName() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} named {@code value}; an error naming the key otherwise. */
  static <E extends Enum<E> & ConfigName> E parse(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.configName().equals(value)) {
        return e;
      }
    }
    throw new BadInputException(key + ": unknown value '" + value + "'; expected one of "
        + names(type));
  }

  /** The constant of {@code type} named {@code value}; an error naming the setting otherwise. */
  static <E extends Enum<E> & ConfigName> E parse(Class<E> type, Setting setting, String value) {
    setting.check(value);
    for (E e : type.getEnumConstants()) {
      if (e.configName().equals(value)) {
        return e;
      }
    }
    throw unknown(setting, value, names(type));
  }

  /** The error for a value that is none of {@code names}, naming the setting. */
  static InvalidSettingException unknown(Setting setting, Object value, List<String> names) {
    return new InvalidSettingException("{0}: unknown value '" + value + "'; expected one of "
        + names, setting);
  }

  /** The configuration names of every constant of {@code type}, in declaration order. */
  static <E extends Enum<E> & ConfigName> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).toList();
  }
}
