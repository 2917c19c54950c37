package io.ctlspark.data;

import io.ctlspark.features.ChunkStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import scala.Tuple2;

/**
 * One input partition's open {@link RowChunk}s, by task, split, file and start: a reader adds rows
 * to the chunk {@link #open} gives it; a chunk that fills up is shipped at once, the others when
 * the input ends. {@link #drain} turns a reader into the lazy iterator Spark pulls chunks from.
 */
final class ChunkBuffer {
  /** The room a chunk starts with at least. */
  private static final int MIN_ROWS = 16;
  private final int d;
  private final Map<Key, RowChunk> open = new HashMap<>();
  private final ArrayDeque<Tuple2<String, RowChunk>> ready = new ArrayDeque<>();
  // The chunk opened last, per split: a new chunk starts with room for as many rows as it holds
  // then. In a table grouped by task that chunk is the previous task's, complete, and tasks tend
  // to have as many rows as each other, so chunks are mostly neither grown (copied) nor trimmed
  // (copied again) before they are shipped (which is only when the input ends, unless a chunk
  // fills up). In a table ordered by time it holds a row or two: chunks start small and grow.
  private final RowChunk[] lastOpened = new RowChunk[2];

  ChunkBuffer(int d) {
    this.d = d;
  }

  /** The chunk that takes the task's next rows from this split, file and input piece. */
  RowChunk open(String task, int split, String file, long start) {
    return open.computeIfAbsent(new Key(task, split, file, start), k -> {
      RowChunk previous = lastOpened[split];
      RowChunk c = new RowChunk(task, split, file, start, d,
          Math.max(MIN_ROWS, previous == null ? 0 : previous.rows));
      lastOpened[split] = c;
      return c;
    });
  }

  /**
   * After a row was added to {@code chunk}: ships it when full. Returns whether it was shipped
   * (the caller then opens a new one for the task's next row).
   */
  boolean added(RowChunk chunk) {
    if (!chunk.full(d)) {
      return false;
    }
    open.remove(new Key(chunk.task, chunk.split, chunk.file, chunk.start));
    ship(chunk);
    return true;
  }

  /** Something that reads one input item into the buffer. */
  interface Reader<T> {
    void read(T item);
  }

  /** The chunks of {@code input}, read one item at a time as Spark asks for chunks. */
  <T> Iterator<Tuple2<String, RowChunk>> drain(Iterator<T> input, Reader<T> reader) {
    return ChunkStream.of(input, reader::read, ready, () -> {
      open.values().forEach(this::ship);
      open.clear();
    });
  }

  private void ship(RowChunk chunk) {
    ready.add(new Tuple2<>(chunk.task, chunk.trimmed(d)));
  }

  private record Key(String task, int split, String file, long start) {
  }
}
