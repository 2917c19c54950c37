package io.ctlspark.config;

import io.ctlspark.BadInputException;
import java.util.Arrays;
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
        + Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).toList());
  }
}
