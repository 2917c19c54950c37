package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One task's rows merged from its chunks in the order of Spark SQL's grouping (split, file, piece,
 * key, then values), whichever way the chunks arrive: a split's only chunk as it is, chunks that
 * follow one another joined end to end, chunks whose keys overlap sorted row by row.
 */
class TaskRowsTest {
  private static final int D = 2;

  /** A chunk of rows {key, x1, x2, y}. */
  private static RowChunk chunk(int split, String file, long start, double[]... rows) {
    RowChunk c = new RowChunk("t", split, file, start, D, rows.length);
    for (double[] r : rows) {
      c.add((long) r[0], new double[] {r[1], r[2]}, r[3]);
    }
    return c.trimmed(D);
  }

  @Test
  void aSplitsOnlyChunkIsTakenAsItIs() {
    RowChunk train = chunk(0, "f", 0, new double[] {1, 10, 11, 1}, new double[] {5, 20, 21, 2});
    RowChunk test = chunk(1, "g", 0, new double[] {3, 30, 31, 3});
    TaskRows rows = TaskRows.fromChunks("t", List.of(test, train), D);
    assertSame(train.x, rows.xTrain);
    assertSame(train.y, rows.yTrain);
    assertSame(test.x, rows.xTest);
    assertArrayEquals(new double[] {10, 11, 20, 21}, rows.xTrain);
    assertArrayEquals(new double[] {3}, rows.yTest);
  }

  @Test
  void chunksThatFollowOneAnotherAreJoinedInFilePieceAndKeyOrder() {
    // Arriving in no particular order: file "b" before "a", a later piece before an earlier
    // one, and two chunks of one piece (a task longer than a chunk) the wrong way round.
    TaskRows rows = TaskRows.fromChunks("t", List.of(
        chunk(0, "b", 0, new double[] {0, 7, 7, 7}),
        chunk(0, "a", 100, new double[] {0, 5, 5, 5}),
        chunk(0, "a", 0, new double[] {8, 3, 3, 3}, new double[] {9, 4, 4, 4}),
        chunk(0, "a", 0, new double[] {1, 1, 1, 1}, new double[] {2, 2, 2, 2}),
        chunk(1, "a", 0, new double[] {4, 9, 9, 9})), D);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 7}, rows.yTrain);
    assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 7, 7}, rows.xTrain);
    assertArrayEquals(new double[] {9}, rows.yTest);
  }

  @Test
  void rowsWithOverlappingKeysAreSortedByKeyThenValues() {
    // An order column with repeated and unsorted values: rows of equal key by their values.
    TaskRows rows = TaskRows.fromChunks("t", List.of(
        chunk(0, "", 0, new double[] {2, 6, 0, 1}, new double[] {1, 9, 9, 2}),
        chunk(0, "", 0, new double[] {2, 5, 1, 3}, new double[] {3, 0, 0, 4})), D);
    assertArrayEquals(new double[] {2, 3, 1, 4}, rows.yTrain);
    assertArrayEquals(new double[] {9, 9, 5, 1, 6, 0, 0, 0}, rows.xTrain);
    assertEquals(0, rows.yTest.length);
  }

  @Test
  void droppedRowsAreCountedPerSplitAndAnEmptyChunkAddsNone() {
    RowChunk empty = chunk(1, "f", 0);
    empty.dropped = 3;
    RowChunk train = chunk(0, "f", 0, new double[] {1, 1, 1, 1});
    train.dropped = 2;
    TaskRows rows = TaskRows.fromChunks("t", List.of(empty, train), D);
    assertArrayEquals(new long[] {1, 0, 2, 3}, rows.counts());
    assertEquals(false, rows.kept());
  }
}
