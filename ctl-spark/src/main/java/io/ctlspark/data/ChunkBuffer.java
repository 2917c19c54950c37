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
  private final int d;
  private final Map<Key, RowChunk> open = new HashMap<>();
  private final ArrayDeque<Tuple2<String, RowChunk>> ready = new ArrayDeque<>();

  ChunkBuffer(int d) {
    this.d = d;
  }

  /** The chunk that takes the task's next rows from this split, file and input piece. */
  RowChunk open(String task, int split, String file, long start) {
    return open.computeIfAbsent(new Key(task, split, file, start),
        k -> new RowChunk(task, split, file, start, d));
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
    ready.add(new Tuple2<>(chunk.task, chunk.trimmed(d)));
    return true;
  }

  /** Something that reads one input item into the buffer. */
  interface Reader<T> {
    void read(T item);
  }

  /** The chunks of {@code input}, read one item at a time as Spark asks for chunks. */
  <T> Iterator<Tuple2<String, RowChunk>> drain(Iterator<T> input, Reader<T> reader) {
    return ChunkStream.of(input, reader::read, ready, () -> {
      for (RowChunk c : open.values()) {
        ready.add(new Tuple2<>(c.task, c.trimmed(d)));
      }
      open.clear();
    });
  }

  private record Key(String task, int split, String file, long start) {
  }
}
