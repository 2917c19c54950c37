package io.ctlspark.train;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random generators seeded from the run seed and a task id, never from execution order, so that a
 * task's initialisation is the same whatever partition, executor or thread trains it.
 */
public final class TaskSeeds {
  private TaskSeeds() {}

  public static SplittableRandom forTask(long runSeed, String taskId) {
    // FNV-1a over the id's UTF-8 bytes: stable across JVMs, unlike identity hashes.
    long h = 0xcbf29ce484222325L;
    for (byte b : taskId.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(new SplittableRandom(runSeed).nextLong() ^ h);
  }
}
