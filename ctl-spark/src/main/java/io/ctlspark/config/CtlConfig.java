package io.ctlspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.ctlspark.BadInputException;
import io.ctlspark.spec.Setting;
import io.ctlspark.spec.SettingSource;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's configuration: the defaults of reference.conf, then a HOCON file, then
 * {@code key=value} overrides, validated once at start. Unknown keys are errors that name the key,
 * so a typo never silently falls back to a default.
 */
public final class CtlConfig implements SettingSource {
  private static final String FREE_FORM = "ctl.spark.conf";
  /** The keys that hold local or Hadoop paths, resolved against the file that sets them. */
  private static final List<String> PATH_KEYS = List.of(Setting.TRAIN.key(),
      Setting.TEST.key(), Setting.SERIES.key(), "ctl.output");
  private final Config config;

  private CtlConfig(Config config) {
    this.config = config;
  }

  /**
   * @param file a HOCON file, or null for defaults only
   * @param overrides "key=value" pairs; a value starting with [ or { is parsed as HOCON (a list or
   *     an object), null is null, anything else is taken as a plain string (so URIs and
   *     local[*] need no quotes)
   */
  public static CtlConfig load(File file, List<String> overrides) {
    return load(ConfigFactory.empty(), file, overrides);
  }

  /** Several files, later ones overriding earlier ones (e.g. a job's file, then tune's best.conf). */
  public static CtlConfig loadAll(List<File> files, List<String> overrides) {
    Config base = ConfigFactory.empty();
    for (int i = 0; i < files.size() - 1; i++) {
      base = parse(files.get(i)).withFallback(base);
    }
    return load(base, files.isEmpty() ? null : files.get(files.size() - 1), overrides);
  }

  private static Config parse(File file) {
    if (!file.isFile()) {
      throw new BadInputException("--config: no such file: " + file);
    }
    try {
      return relativeToFile(ConfigFactory.parseFile(file,
          ConfigParseOptions.defaults().setAllowMissing(false)));
    } catch (ConfigException e) {
      throw new BadInputException("--config " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A file's relative local paths (input tables, the output folder) made relative to the folder
   * of the file that wrote them (the file itself, or one it includes), so that a configuration
   * means the same from any working directory. Paths with a scheme (hdfs:, s3a:, file:) and
   * absolute paths are kept; --set values stay relative to the working directory.
   */
  private static Config relativeToFile(Config parsed) {
    Config out = parsed;
    for (String key : PATH_KEYS) {
      if (!parsed.hasPath(key) || parsed.getValue(key).valueType() != ConfigValueType.STRING) {
        continue;
      }
      ConfigValue v = parsed.getValue(key);
      String path = parsed.getString(key);
      String written = v.origin().filename();
      if (written == null || path.isEmpty() || new java.io.File(path).isAbsolute()
          || path.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
        continue;
      }
      java.nio.file.Path folder = java.nio.file.Path.of(written).getParent();
      if (folder != null) {
        out = out.withValue(key, ConfigValueFactory.fromAnyRef(
            folder.resolve(path).normalize().toString(), v.origin().description()));
      }
    }
    return out;
  }

  /**
   * A stored run's configuration (the JSON of its ctl object, as {@link #renderJson} wrote it)
   * with {@code overrides} on top: how predict sees the settings the models were trained with.
   */
  public static CtlConfig fromRun(String ctlJson, List<String> overrides) {
    Config stored;
    try {
      stored = ConfigFactory.parseString("ctl = " + ctlJson);
    } catch (ConfigException e) {
      throw new BadInputException("the run's stored configuration cannot be read: "
          + e.getMessage(), e);
    }
    return load(stored, null, overrides);
  }

  private static CtlConfig load(Config base, File file, List<String> overrides) {
    Config reference = ConfigFactory.parseResources(CtlConfig.class.getClassLoader(),
        "reference.conf");
    Config user = file == null ? base : parse(file).withFallback(base);
    Config set = ConfigFactory.empty();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--set: expected key=value, got '" + kv + "'");
      }
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      try {
        ConfigValue v = value.startsWith("[") || value.startsWith("{")
            ? ConfigFactory.parseString("v = " + value).getValue("v")
            : ConfigValueFactory.fromAnyRef(value.equals("null") ? null : value);
        set = set.withValue(key, v);
      } catch (ConfigException e) {
        throw new BadInputException("--set " + key + ": " + e.getMessage(), e);
      }
    }
    Config merged = set.withFallback(user);
    rejectUnknownKeys(merged, reference);
    Config resolved;
    try {
      resolved = merged.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new BadInputException("configuration: " + e.getMessage(), e);
    }
    return new CtlConfig(resolved);
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(FREE_FORM + ".")) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        throw new BadInputException("unknown configuration key '" + key + "'"
            + suggestion(key, reference));
      }
    }
  }

  private static String suggestion(String key, Config reference) {
    String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
    List<String> siblings = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(parent + ".") && k.indexOf('.', parent.length() + 1) < 0) {
        siblings.add(k);
      }
    }
    return siblings.isEmpty() ? "" : "; keys under " + parent + " are " + siblings;
  }

  public String string(String key) {
    try {
      if (config.getIsNull(key)) {
        return null;
      }
      return config.getString(key);
    } catch (ConfigException e) {
      throw new BadInputException(key + ": " + e.getMessage(), e);
    }
  }

  public String requiredString(String key) {
    String s = string(key);
    if (s == null || s.isBlank()) {
      throw new BadInputException(key + " is required");
    }
    return s;
  }

  public int integer(String key) {
    long v = longValue(key);
    if (v != (int) v) {
      throw new BadInputException(key + ": expected a whole number between "
          + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", got " + v);
    }
    return (int) v;
  }

  /** A whole number; Typesafe Config would truncate 10.5 to 10, which is refused here. */
  public long longValue(String key) {
    try {
      Number n = config.getNumber(key);
      if (n instanceof Double || n instanceof Float) {
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) >= 0x1p63) {
          throw new BadInputException(key + ": expected a whole number, got " + n);
        }
        return (long) d;
      }
      return n.longValue();
    } catch (ConfigException e) {
      throw new BadInputException(key + ": expected a whole number: " + e.getMessage(), e);
    }
  }

  public double number(String key) {
    try {
      return config.getDouble(key);
    } catch (ConfigException e) {
      throw new BadInputException(key + ": expected a number: " + e.getMessage(), e);
    }
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw new BadInputException(key + ": expected true or false: " + e.getMessage(), e);
    }
  }

  /** A HOCON duration: "1h", "30 minutes", "15m". */
  public java.time.Duration duration(String key) {
    try {
      return config.getDuration(key);
    } catch (ConfigException e) {
      throw new BadInputException(key + ": expected a duration such as 1h or 30m: "
          + e.getMessage(), e);
    }
  }

  public List<String> stringList(String key) {
    try {
      if (config.getValue(key).valueType() == ConfigValueType.STRING) {
        String s = config.getString(key).trim();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*"));
      }
      return config.getStringList(key);
    } catch (ConfigException e) {
      throw new BadInputException(key + ": expected a list of strings: " + e.getMessage(), e);
    }
  }

  @Override
  public String string(Setting s) {
    return string(s.key());
  }

  @Override
  public int integer(Setting s) {
    return integer(s.key());
  }

  @Override
  public long longValue(Setting s) {
    return longValue(s.key());
  }

  @Override
  public double number(Setting s) {
    return number(s.key());
  }

  @Override
  public boolean bool(Setting s) {
    return bool(s.key());
  }

  @Override
  public List<String> stringList(Setting s) {
    return stringList(s.key());
  }

  @Override
  public java.time.Duration duration(Setting s) {
    return duration(s.key());
  }

  /** The free-form Spark settings under ctl.spark.conf, flattened. */
  public Map<String, String> sparkConf() {
    Map<String, String> out = new LinkedHashMap<>();
    Config c = config.getConfig(FREE_FORM);
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** The effective configuration under ctl, as JSON (for the run's provenance). */
  public String renderJson() {
    return config.getConfig("ctl").root().render(ConfigRenderOptions.concise());
  }

  /** The same configuration with one value replaced (used by the demo to vary the method). */
  public CtlConfig with(String key, Object value) {
    return new CtlConfig(config.withValue(key, ConfigValueFactory.fromAnyRef(value)));
  }
}
