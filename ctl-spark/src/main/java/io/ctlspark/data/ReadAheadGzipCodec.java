package io.ctlspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;

/**
 * Hadoop's gzip codec, decompressing on a thread of its own a few blocks ahead of its reader. A
 * .gz file cannot be split, so one task reads it, and that task's core would inflate every byte
 * and then parse it; with this codec one core inflates while another parses. Spark's own
 * read-ahead stream (used for spill files) cannot serve here: it takes an EOFException from its
 * source for the end of the data, so a truncated .gz file would load silently short instead of
 * failing; this stream hands every failure to its reader, in order, after the bytes before it.
 *
 * <p>The file itself is read by the reader's thread (the task's), which hands the compressed
 * bytes to the inflating thread: Spark counts a task's input bytes per thread (from Hadoop's
 * file system statistics), and reads made on another thread would be missing from them.
 */
public final class ReadAheadGzipCodec extends GzipCodec {
  /** Decompressed data read ahead: BLOCKS blocks of BLOCK bytes, per open file. */
  static final int BLOCK = 1 << 18;
  static final int BLOCKS = 4;
  /**
   * Compressed data handed over ahead: RAW_CHUNKS reads of RAW_CHUNK bytes, enough to fill the
   * blocks above at gzip's usual 2x to 4x on CSV.
   */
  static final int RAW_CHUNK = 1 << 16;
  static final int RAW_CHUNKS = 8;
  /** How long the reader waits for a block before it hands over more compressed bytes. */
  private static final long HAND_OVER_MILLIS = 1;

  /**
   * A copy of {@code conf} in which .gz files are read with this codec: Hadoop picks a file's
   * codec by its suffix, and of the codecs named in io.compression.codecs the last one listed
   * for a suffix wins (after those Java's service loader finds).
   */
  public static Configuration readingAhead(Configuration conf) {
    Configuration c = new Configuration(conf);
    String listed = conf.get(CommonConfigurationKeys.IO_COMPRESSION_CODECS_KEY, "").trim();
    c.set(CommonConfigurationKeys.IO_COMPRESSION_CODECS_KEY,
        (listed.isEmpty() ? "" : listed + ",") + ReadAheadGzipCodec.class.getName());
    return c;
  }

  @Override
  public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor)
      throws IOException {
    return new ReadAheadStream(in, compressed -> super.createInputStream(compressed,
        decompressor), BLOCK, BLOCKS, RAW_CHUNK, RAW_CHUNKS);
  }

  /** Makes the stream that decompresses {@code compressed}. */
  interface Inflating {
    InputStream open(InputStream compressed) throws IOException;
  }

  /**
   * A decompressed stream inflated by a thread of its own, a few blocks ahead of its reader;
   * the reader's thread reads the compressed file and hands it over.
   *
   * <p>Neither thread can wait on the other for long: the reader waits for decompressed data
   * only after it has handed over all the compressed data there is room for (or the file's
   * end), and then in short turns, handing over more as room appears; the decompressed blocks
   * being all empty or the inflating thread's while the reader waits, that thread always has
   * somewhere to put its output.
   */
  static final class ReadAheadStream extends CompressionInputStream {
    /** Some bytes; or their end (no bytes, no failure); or their source's failure. */
    private record Block(byte[] bytes, int length, Throwable failure) {
      boolean isData() {
        return bytes != null;
      }
    }

    private static final Block END = new Block(null, 0, null);

    /** A block being read, and how far. */
    private static final class Cursor {
      private Block block;
      private int at;

      /** No block yet, or a block of bytes all read. */
      boolean usedUp() {
        return block == null || block.isData() && at == block.length();
      }

      void set(Block b) {
        block = b;
        at = 0;
      }

      /** Copies up to {@code len} of the block's bytes left: -1 at the end; throws a failure. */
      int copyTo(byte[] b, int off, int len) throws IOException {
        if (!block.isData()) {
          rethrow(block.failure());
          return -1;
        }
        int n = Math.min(len, block.length() - at);
        System.arraycopy(block.bytes(), at, b, off, n);
        at += n;
        return n;
      }
    }

    private final InputStream raw;
    private final int rawChunk;
    // Compressed bytes handed to the inflating thread, then END or the file's read failure.
    private final BlockingQueue<Block> compressed;
    private boolean rawDone;
    private final InputStream inflated;
    // Decompressed blocks in order, then END or a failure: at most `blocks` + 1 at a time, so
    // the inflating thread never waits to hand one over, only for an empty buffer.
    private final BlockingQueue<Block> filled;
    private final BlockingQueue<byte[]> empty;
    private final Thread inflater;
    private final Cursor current = new Cursor();
    private boolean closed;

    ReadAheadStream(InputStream raw, Inflating inflating, int blockSize, int blocks,
        int rawChunk, int rawChunks) throws IOException {
      super(raw);
      this.raw = raw;
      this.rawChunk = rawChunk;
      // One place more than the chunks for the end or a failure.
      this.compressed = new ArrayBlockingQueue<>(rawChunks + 1);
      this.inflated = inflating.open(new Handed());
      this.filled = new ArrayBlockingQueue<>(blocks + 1);
      this.empty = new ArrayBlockingQueue<>(blocks);
      for (int i = 0; i < blocks; i++) {
        empty.add(new byte[blockSize]);
      }
      inflater = new Thread(this::inflate, "ctl-gzip-read-ahead");
      // A reader that is never closed must not keep the JVM alive.
      inflater.setDaemon(true);
      inflater.start();
    }

    /** The compressed bytes as the inflating thread reads them: those the reader handed over. */
    private final class Handed extends InputStream {
      private final Cursor chunk = new Cursor();

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        if (chunk.usedUp()) {
          try {
            chunk.set(compressed.take());
          } catch (InterruptedException e) {
            throw new InterruptedIOException("closed while waiting for compressed data");
          }
        }
        return chunk.copyTo(b, off, len);
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }
    }

    /**
     * The inflating thread: fills empty buffers with decompressed bytes until their end or a
     * failure. A failure comes after the bytes before it, those of a part-filled buffer
     * included.
     */
    private void inflate() {
      byte[] b = null;
      int n = 0;
      try {
        while (true) {
          b = empty.take();
          n = 0;
          boolean end = false;
          while (n < b.length && !end) {
            int r = inflated.read(b, n, b.length - n);
            end = r < 0;
            n += Math.max(r, 0);
          }
          if (n > 0) {
            filled.add(new Block(b, n, null));
          }
          b = null;
          if (end) {
            filled.add(END);
            return;
          }
        }
      } catch (InterruptedException e) {
        // Closed: nobody reads on.
      } catch (Throwable t) {
        if (b != null && n > 0) {
          filled.add(new Block(b, n, null));
        }
        filled.add(new Block(null, 0, t));
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      return advance() ? current.copyTo(b, off, len) : -1;
    }

    @Override
    public int read() throws IOException {
      return advance() ? current.block.bytes()[current.at++] & 0xff : -1;
    }

    /**
     * Makes {@link #current} a block with bytes left to read: false at the end of the data; the
     * failure, thrown again, once the bytes before it are read.
     */
    private boolean advance() throws IOException {
      if (closed) {
        throw new IOException("read from a closed stream");
      }
      if (current.usedUp()) {
        if (current.block != null) {
          // Let go of the buffer before waiting: an interrupted wait must not return it twice.
          empty.add(current.block.bytes());
          current.set(null);
        }
        current.set(nextBlock());
      }
      if (current.block.isData()) {
        return true;
      }
      rethrow(current.block.failure());
      return false;
    }

    /** The next decompressed block, the end or a failure, handing over compressed bytes. */
    private Block nextBlock() throws IOException {
      handOver();
      Block next;
      try {
        // Waits in short turns: the inflating thread may use up all it was handed before it
        // has a block to show (a long gzip header field, say), and then needs more.
        while ((next = filled.poll(HAND_OVER_MILLIS, TimeUnit.MILLISECONDS)) == null) {
          handOver();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for decompressed data");
      }
      return next;
    }

    /**
     * Reads the file on this (the reader's) thread into the room there is for compressed bytes;
     * a read failure is handed over in its place, to reach the reader after the bytes before it.
     * Only this thread adds to the queue, so room seen is room kept.
     */
    private void handOver() {
      while (!rawDone && compressed.remainingCapacity() > 1) {
        byte[] b = new byte[rawChunk];
        int n;
        try {
          n = raw.read(b, 0, b.length);
        } catch (IOException | RuntimeException e) {
          compressed.add(new Block(null, 0, e));
          rawDone = true;
          return;
        }
        if (n < 0) {
          compressed.add(END);
          rawDone = true;
        } else if (n > 0) {
          compressed.add(new Block(b, n, null));
        }
      }
    }

    private static void rethrow(Throwable t) throws IOException {
      if (t == null) {
        return;
      }
      if (t instanceof IOException e) {
        throw e;
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IOException(t);
    }

    @Override
    public int available() throws IOException {
      return current.usedUp() || !current.block.isData() ? 0 : current.block.length() - current.at;
    }

    /** Whether the inflating thread still runs (for tests). */
    boolean inflating() {
      return inflater.isAlive();
    }

    /** Stops the inflating thread, then closes the decompressing stream and the file. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      inflater.interrupt();
      try {
        inflater.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          inflated.close();
        } finally {
          super.close();
        }
      }
    }

    /** Data already read ahead cannot be decompressed again from another state. */
    @Override
    public void resetState() {
      throw new UnsupportedOperationException("a read-ahead stream cannot be reset");
    }
  }
}
