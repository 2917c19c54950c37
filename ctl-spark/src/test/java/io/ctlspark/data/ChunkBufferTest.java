package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class ChunkBufferTest {
  private static final int D = 2;

  /** Rows (task, split) read one by one; returns the chunks shipped, in order. */
  private static List<Tuple2<String, RowChunk>> read(ChunkBuffer buffer, List<String[]> rows) {
    Iterator<Tuple2<String, RowChunk>> chunks = buffer.drain(rows.iterator(), r -> {
      RowChunk c = buffer.open(r[0], Integer.parseInt(r[1]), "f", 0);
      c.add(c.rows, new double[] {c.rows, -c.rows}, 10 * c.rows);
      buffer.added(c);
    });
    List<Tuple2<String, RowChunk>> out = new ArrayList<>();
    chunks.forEachRemaining(out::add);
    return out;
  }

  private static List<String[]> rows(String task, int split, int n) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new String[] {task, String.valueOf(split)});
    }
    return rows;
  }

  @Test
  void everyTaskAndSplitGetsOneChunkOfItsRowsInOrderTrimmedToThem() {
    ChunkBuffer buffer = new ChunkBuffer(D);
    List<String[]> rows = new ArrayList<>(rows("a", 0, 40));
    rows.addAll(rows("b", 0, 40));
    rows.addAll(rows("b", 1, 3));
    rows.addAll(rows("c", 0, 40));
    List<Tuple2<String, RowChunk>> chunks = read(buffer, rows);
    assertEquals(4, chunks.size());
    for (Tuple2<String, RowChunk> t : chunks) {
      RowChunk c = t._2();
      // Every chunk holds its rows in order, trimmed to them.
      assertEquals(c.rows, c.y.length);
      assertEquals(c.rows * D, c.x.length);
      for (int i = 0; i < c.rows; i++) {
        assertEquals(i, c.order[i]);
        assertArrayEquals(new double[] {i, -i}, new double[] {c.x[i * D], c.x[i * D + 1]});
        assertEquals(10.0 * i, c.y[i]);
      }
    }
    // Shipped when the input ends, in no particular order. a started with 16 rows of room and
    // grew, b and c of split 0 with 40 (never grown), b's 3 test rows with 16 (trimmed).
    assertEquals(List.of("a:0:40", "b:0:40", "b:1:3", "c:0:40"), chunks.stream()
        .map(t -> t._1() + ":" + t._2().split + ":" + t._2().rows).sorted().toList());
  }

  @Test
  void aChunkWithRoomForItsRowsIsShippedWithTheArraysItWasFilledIn() {
    ChunkBuffer buffer = new ChunkBuffer(D);
    RowChunk a = buffer.open("a", 0, "f", 0);
    for (int i = 0; i < 20; i++) {
      a.add(i, new double[] {i, i}, i);
    }
    RowChunk b = buffer.open("b", 0, "f", 0);
    double[] x = b.x;
    assertEquals(20 * D, x.length, "room for the rows of the chunk opened before");
    for (int i = 0; i < 20; i++) {
      b.add(i, new double[] {i, i}, i);
    }
    assertSame(x, b.x, "not grown");
    List<Tuple2<String, RowChunk>> shipped = new ArrayList<>();
    buffer.drain(List.<String>of().iterator(), r -> { }).forEachRemaining(shipped::add);
    assertEquals(2, shipped.size());
    RowChunk sentB = shipped.stream().filter(t -> t._1().equals("b")).findFirst().get()._2();
    assertSame(x, sentB.x, "not trimmed");
  }
}
