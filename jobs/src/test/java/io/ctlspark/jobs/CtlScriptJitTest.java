package io.ctlspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ctl's choice of JIT under CTL_JIT=auto (needs_full_jit and its helper, run by bash as the
 * script defines them): C2 for bench and for command lines or --config files that name mlp or
 * residual or turn the GBT baseline on, outside comments; C1 alone otherwise.
 */
class CtlScriptJitTest {
  @TempDir
  Path dir;

  private String choice(String... args) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("ctl.project.dir"), "bin", "ctl");
    List<String> cmd = new ArrayList<>(List.of("bash", "-c",
        "eval \"$(sed -n '/^uncommented() {/,/^}/p; /^needs_full_jit() {/,/^}/p' \"$0\")\"; "
            + "if needs_full_jit \"$@\"; then echo full; else echo quick; fi",
        script.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private String conf(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  @Test
  void linearRunsGetC1Alone() throws Exception {
    assertEquals("quick", choice("train", "--config", conf("a.conf", "ctl { model.type = "
        + "linear }\n")));
    assertEquals("quick", choice("demo"));
    assertEquals("quick", choice("train", "--set", "ctl.baselines.gbt=false"));
    assertEquals("quick", choice("train", "--set", "ctl.model.type=mlpx"));
  }

  @Test
  void mlpResidualAndGbtGetC2WhereverTheyAreSet() throws Exception {
    assertEquals("full", choice("train", "--set", "ctl.model.type=mlp"));
    assertEquals("full", choice("tune", "--set", "ctl.model.type=RESIDUAL"));
    assertEquals("full", choice("train", "--set", "ctl.baselines.gbt=true"));
    String mlp = conf("mlp.conf", "ctl {\n  model { type = mlp }\n}\n");
    assertEquals("full", choice("train", "--config", mlp));
    assertEquals("full", choice("train", "--config=" + mlp));
    assertEquals("full", choice("experiment", "--config",
        conf("gbt.conf", "ctl { \"baselines\" { \"gbt\": \"yes\" } }\n")));
  }

  @Test
  void commentsDoNotCountAndBenchAlwaysGetsC2() throws Exception {
    assertEquals("quick", choice("train", "--config", conf("c.conf",
        "# an mlp would be slower\nctl { model.type = linear } // or residual\n")));
    assertEquals("full", choice("bench", "--ingest", "2000"));
    assertEquals("full", choice("--verbose", "bench", "--trees", "1000"));
    assertEquals("quick", choice("--verbose", "demo", "--set", "ctl.output=bench"));
  }
}
