package io.ctlspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ctlspark.TestSpark;
import io.ctlspark.config.CtlConfig;
import io.ctlspark.run.RunSpec;
import io.ctlspark.spec.InvalidSettingException;
import io.ctlspark.spec.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator's Params are the run settings: every one is there with reference.conf's default,
 * bad values fail when set, save and load keep every Param and the uid, and the Params build the
 * same RunSpec as a configuration with the same values.
 */
class CascadeRegressorParamsTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = TestSpark.start("local[1]", false);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final Map<Setting, Object> DOUBLES = Map.of(Setting.EPS, 0.2,
      Setting.SEED_FRACTION, 0.3, Setting.ETA, 0.02, Setting.MOMENTUM, 0.5,
      Setting.DEPTH_PENALTY, 2.0, Setting.ALPHA, 0.5, Setting.BETA, 2.0, Setting.STAGE_COST, 1e6);

  /** A valid value of {@code s} other than its default. */
  private static Object alternative(Setting s) {
    Object d = SettingParams.defaultValue(s);
    return switch (s.kind()) {
      case INT -> (Integer) d + 1;
      case LONG -> (Long) d + 1;
      case DOUBLE -> DOUBLES.get(s);
      case CHOICE -> RunSpec.choices(s).stream().filter(c -> !c.equals(d)).findFirst()
          .orElseThrow();
      default -> "t3";
    };
  }

  private static CascadeRegressor withEverySettingChanged() {
    CascadeRegressor reg = new CascadeRegressor("cascadeRegressor_fixed").setTaskCol("meter")
        .setLabelCol("load");
    for (Setting s : Setting.values()) {
      if (s.scope() == Setting.Scope.RUN) {
        reg.setSetting(s, alternative(s));
      }
    }
    return reg;
  }

  @Test
  void everyRunSettingIsAParamWithTheReferenceDefault() {
    CascadeRegressor reg = new CascadeRegressor();
    int count = 0;
    for (Setting s : Setting.values()) {
      if (s.scope() == Setting.Scope.RUN) {
        assertTrue(reg.hasParam(s.paramName()), s.paramName());
        assertEquals(SettingParams.defaultValue(s), reg.getOrDefault(reg.param(s)), s.key());
        count++;
      }
    }
    assertEquals(4 + count, reg.params().length);
    assertTrue(count >= 24, "every run setting: " + count);
  }

  @Test
  void badValuesFailWhenSetNamingTheParam() {
    CascadeRegressor reg = new CascadeRegressor();
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> reg.setBudget(0));
    assertEquals("budget: must be between 1 and 2147483647, got 0", e.getMessage());
    e = assertThrows(InvalidSettingException.class, () -> reg.setBudget(100_000_000_000_000L));
    assertEquals("budget: must be between 1 and 2147483647, got 100000000000000", e.getMessage());
    e = assertThrows(InvalidSettingException.class, () -> reg.setMethod("boosting"));
    assertTrue(e.getMessage().startsWith("method: unknown value 'boosting'; expected one of "
        + "[cascade, indiv, global-mtl]"), e.getMessage());
    assertThrows(InvalidSettingException.class, () -> reg.setSetting(Setting.MOMENTUM, 1.0));
    assertThrows(InvalidSettingException.class, () -> reg.setSeedFraction(0.0));
    assertThrows(InvalidSettingException.class, () -> reg.setSetting(Setting.MAX_DEPTH, 0));
    assertEquals(1000L, reg.getOrDefault(reg.budget()), "a refused value is not kept");
  }

  @Test
  void saveAndLoadKeepEveryParamAndTheUid(@TempDir Path dir) throws Exception {
    CascadeRegressor reg = withEverySettingChanged();
    String path = dir.resolve("reg").toString();
    reg.write().save(path);
    CascadeRegressor read = CascadeRegressor.load(path);
    assertEquals("cascadeRegressor_fixed", read.uid());
    for (Param<?> p : reg.params()) {
      @SuppressWarnings("unchecked")
      Param<Object> q = (Param<Object>) read.getParam(p.name());
      assertEquals(reg.getOrDefault(p), read.getOrDefault(q), p.name());
      assertEquals(reg.isSet(p), read.isSet(q), p.name());
      if (!p.name().endsWith("Col") || p.name().equals("taskCol")) {
        CascadeRegressor fresh = new CascadeRegressor();
        assertNotEquals(fresh.getOrDefault(fresh.getParam(p.name())), read.getOrDefault(q),
            p.name() + " was changed, so the round trip is a real one");
      }
    }
  }

  @Test
  void paramsBuildTheSpecAConfigurationBuilds() {
    CascadeRegressor reg = withEverySettingChanged().setRoot("t3")
        .setSetting(Setting.ALLOCATION, "uniform");
    List<String> sets = new ArrayList<>(List.of("ctl.data.task-col=_task",
        "ctl.data.label-col=_label"));
    for (Setting s : Setting.values()) {
      if (s.scope() == Setting.Scope.RUN) {
        sets.add(s.key() + "=" + reg.getOrDefault(reg.param(s)));
      }
    }
    RunSpec fromParams = reg.spec();
    RunSpec fromConfig = RunSpec.from(CtlConfig.load(null, sets));
    assertEquals(fromConfig.method(), fromParams.method());
    assertEquals(fromConfig.model(), fromParams.model());
    assertEquals(fromConfig.training(), fromParams.training());
    assertEquals(fromConfig.tree(), fromParams.tree());
    assertEquals(fromConfig.allocation(), fromParams.allocation());
    assertEquals(fromConfig.blocks(), fromParams.blocks());
    assertEquals(fromConfig.input(), fromParams.input());
  }
}
