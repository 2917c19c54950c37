package io.ctlspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Relative paths in a configuration file mean the same from any working directory. */
class CtlConfigPathsTest {
  @TempDir
  Path dir;

  private File write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p.toFile();
  }

  @Test
  void relativePathsResolveAgainstTheFileThatSetsThem() throws IOException {
    write("jobs/base.conf", "ctl.data.test = \"tables/test.csv\"\n");
    File job = write("jobs/nightly/job.conf", String.join("\n",
        "include \"../base.conf\"",
        "ctl.data.train = \"../../data/train.csv\"",
        "ctl.output = out",
        "ctl.data.series = \"hdfs://nn/series\"",
        ""));
    CtlConfig c = CtlConfig.loadAll(List.of(job), List.of());
    assertEquals(dir.resolve("data/train.csv").toString(), c.string("ctl.data.train"));
    assertEquals(dir.resolve("jobs/nightly/out").toString(), c.string("ctl.output"));
    // Included from jobs/base.conf: relative to that file's folder.
    assertEquals(dir.resolve("jobs/tables/test.csv").toString(), c.string("ctl.data.test"));
    assertEquals("hdfs://nn/series", c.string("ctl.data.series"), "a URI is kept");
  }

  @Test
  void absolutePathsSetValuesAndDefaultsAreKept() throws IOException {
    File job = write("job.conf", "ctl.data.train = \"/data/train.csv\"\n"
        + "ctl.data.test = \"file:test.csv\"\n");
    CtlConfig c = CtlConfig.loadAll(List.of(job), List.of("ctl.output=runs/today"));
    assertEquals("/data/train.csv", c.string("ctl.data.train"));
    assertEquals("file:test.csv", c.string("ctl.data.test"));
    assertEquals("runs/today", c.string("ctl.output"), "--set: relative to the working folder");
    assertEquals("ctl-output", CtlConfig.load(null, List.of()).string("ctl.output"),
        "reference.conf's default: relative to the working folder");
  }

  @Test
  void aLaterFileOnlyMovesThePathsItSets() throws IOException {
    File job = write("a/job.conf", "ctl.data.train = train.csv\nctl.output = out\n");
    File best = write("b/best.conf", "ctl.train.eta = 0.1\n");
    CtlConfig c = CtlConfig.loadAll(List.of(job, best), List.of());
    assertEquals(dir.resolve("a/train.csv").toString(), c.string("ctl.data.train"));
    assertEquals(dir.resolve("a/out").toString(), c.string("ctl.output"));
  }
}
