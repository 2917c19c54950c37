package io.ctlspark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * failing; this stream hands every failure of the inflating thread to its reader, in order,
 * after the bytes decompressed before it.
 *
 * <p>The inflating thread reads the file, so Spark's input metrics (bytes read, which Spark
 * counts per thread) do not include a .gz file's bytes; records read are counted as before.
 */
public final class ReadAheadGzipCodec extends GzipCodec {
  /** How much decompressed data is read ahead: BLOCKS blocks of BLOCK bytes, per open file. */
  static final int BLOCK = 1 << 18;
  static final int BLOCKS = 4;

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
    return new ReadAheadStream(super.createInputStream(in, decompressor), BLOCK, BLOCKS);
  }

  /** A decompressed stream read by a thread of its own, a few blocks ahead of its reader. */
  static final class ReadAheadStream extends CompressionInputStream {
    /** Some of the data; or its end (no bytes, no failure); or the source's failure. */
    private record Block(byte[] bytes, int length, Throwable failure) {
      boolean isData() {
        return bytes != null;
      }
    }

    private static final Block END = new Block(null, 0, null);

    private final InputStream source;
    // Filled blocks in order, then END or a failure: at most `blocks` + 1 at a time, so the
    // inflating thread never waits to hand one over, only for an empty buffer.
    private final BlockingQueue<Block> filled;
    private final BlockingQueue<byte[]> empty;
    private final Thread inflater;
    private Block current;
    private int at;
    private boolean closed;

    ReadAheadStream(InputStream source, int blockSize, int blocks) throws IOException {
      super(source);
      this.source = source;
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

    /**
     * The inflating thread: fills empty buffers from the source until its end or a failure. A
     * failure comes after the bytes read before it, those of a part-filled buffer included.
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
            int r = source.read(b, n, b.length - n);
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
      if (!advance()) {
        return -1;
      }
      int n = Math.min(len, current.length() - at);
      System.arraycopy(current.bytes(), at, b, off, n);
      at += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      return advance() ? current.bytes()[at++] & 0xff : -1;
    }

    /**
     * Makes {@link #current} a block with bytes left to read: false at the end of the data; the
     * source's failure, thrown again, once the bytes before it are read.
     */
    private boolean advance() throws IOException {
      if (closed) {
        throw new IOException("read from a closed stream");
      }
      if (current != null) {
        if (current.isData() && at < current.length()) {
          return true;
        }
        if (current.isData()) {
          empty.add(current.bytes());
        } else {
          return endOrFailure();
        }
      }
      try {
        current = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for decompressed data");
      }
      at = 0;
      return current.isData() || endOrFailure();
    }

    private boolean endOrFailure() throws IOException {
      Throwable t = current.failure();
      if (t == null) {
        return false;
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
      return current != null && current.isData() ? current.length() - at : 0;
    }

    /** Stops the inflating thread before the source is closed (it must not read a closed one). */
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
        super.close();
      }
    }

    /** Whether the inflating thread still runs (for tests). */
    boolean inflating() {
      return inflater.isAlive();
    }

    /** Data already read ahead cannot be decompressed again from another state. */
    @Override
    public void resetState() {
      throw new UnsupportedOperationException("a read-ahead stream cannot be reset");
    }
  }
}
