package io.ctlspark.features;

import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The lazy iterator Spark pulls a partition's chunks from, for a reader that gathers input items
 * into open chunks: items are read only until a chunk is ready (a full one, which the reader
 * queues), and once the input ends the still-open chunks are flushed into the queue. Both the
 * raw-series reader ({@link SeriesFeatures}) and the wide-table readers ({@code
 * data.ChunkBuffer}) ship chunks this way, so a partition never holds more than its open chunks.
 */
public final class ChunkStream {
  private ChunkStream() {}

  /**
   * @param input the partition's items
   * @param read reads one item, adding any chunk it fills to {@code ready}
   * @param ready the chunks to ship, in order
   * @param flush moves every open chunk to {@code ready}; called once, when the input ends
   */
  public static <T, C> Iterator<C> of(Iterator<T> input, Consumer<T> read, Deque<C> ready,
      Runnable flush) {
    return new Iterator<>() {
      private boolean flushed;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && input.hasNext()) {
          read.accept(input.next());
        }
        if (ready.isEmpty() && !flushed) {
          flushed = true;
          flush.run();
        }
        return !ready.isEmpty();
      }

      @Override
      public C next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }
    };
  }
}
