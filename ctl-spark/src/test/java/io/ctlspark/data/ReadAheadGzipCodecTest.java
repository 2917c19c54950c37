package io.ctlspark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.GzipCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-ahead stream gives its source's bytes and then its source's end or failure, whatever
 * the reads' sizes, and stops its thread when closed.
 */
class ReadAheadGzipCodecTest {
  /** Bytes that do not repeat every block (a shifted block would not read back the same). */
  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  /** Reads {@code in} to its end in reads of 1, 2, 3, ... bytes, a one-byte read after each. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    readInto(in, out);
    return out.toByteArray();
  }

  /** As {@link #readAll}, into {@code out}: what was read before a failure stays there. */
  private static void readInto(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buf = new byte[64];
    for (int size = 1; ; size = size % 64 + 1) {
      int n = in.read(buf, 0, size);
      if (n < 0) {
        return;
      }
      out.write(buf, 0, n);
      int b = in.read();
      if (b < 0) {
        return;
      }
      out.write(b);
    }
  }

  /** A source that gives {@code bytes} and then fails with {@code failure}. */
  private static InputStream failingAfter(byte[] bytes, IOException failure) {
    return new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        if (at == bytes.length) {
          throw failure;
        }
        return bytes[at++] & 0xff;
      }
    };
  }

  @Test
  void givesTheSourcesBytesAcrossManyBlocksThenItsEnd() throws IOException {
    byte[] expected = data(10_007);
    // Blocks of 13 bytes, 3 ahead, from compressed chunks of 5 bytes, 4 ahead: hundreds of
    // hand-overs each way, the last block part-filled.
    try (ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(
        new ByteArrayInputStream(expected), raw -> raw, 13, 3, 5, 4)) {
      assertArrayEquals(expected, readAll(in));
      assertEquals(-1, in.read());
      assertEquals(-1, in.read(new byte[4], 0, 4));
      assertEquals(0, in.read(new byte[4], 0, 0));
    }
  }

  /**
   * An inflater that takes far more input than the room for it before its first output (as a
   * gzip header with a long comment would) gets it: the reader hands over more as room appears.
   * A hang here fails by the timeout, not by waiting forever.
   */
  @Test
  @Timeout(60)
  void anInflaterThatNeedsMoreInputThanThereIsRoomForGetsIt() throws IOException {
    byte[] expected = data(5_000);
    byte[] raw = new byte[3_000 + expected.length];
    System.arraycopy(expected, 0, raw, 3_000, expected.length);
    // Room for 2 chunks of 5 bytes; the "header" is 3,000 bytes, skipped before any output.
    try (ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(
        new ByteArrayInputStream(raw), handed -> new FilterInputStream(handed) {
          private boolean skipped;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!skipped) {
              skipped = true;
              in.readNBytes(3_000);
            }
            return in.read(b, off, len);
          }
        }, 64, 2, 5, 2)) {
      assertArrayEquals(expected, readAll(in));
    }
  }

  /**
   * A reader interrupted while it waits for the next block (Spark cancelling a task) gets an
   * InterruptedIOException; reading on afterwards gives the rest of the bytes, none twice (the
   * block it had read is handed back once).
   */
  @Test
  void anInterruptedWaitFailsAndLosesNoBytes() throws IOException {
    byte[] expected = data(1_000);
    try (ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(
        new ByteArrayInputStream(expected), raw -> raw, 13, 3, 5, 4)) {
      byte[] first = in.readNBytes(13);
      Thread.currentThread().interrupt();
      assertThrows(InterruptedIOException.class, () -> in.read(new byte[4], 0, 4));
      assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(first);
      readInto(in, all);
      assertArrayEquals(expected, all.toByteArray());
    }
  }

  @Test
  void aSourceOfExactlyWholeBlocksEndsAfterTheLast() throws IOException {
    byte[] expected = data(13 * 4);
    try (ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(
        new ByteArrayInputStream(expected), raw -> raw, 13, 2, 13, 2)) {
      assertArrayEquals(expected, readAll(in));
    }
  }

  @Test
  void theSourcesFailureComesAfterTheBytesBeforeItAndAgainOnTheNextRead() throws IOException {
    byte[] before = data(100);
    IOException failure = new IOException("disk gone");
    try (ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(
        failingAfter(before, failure), raw -> raw, 16, 2, 7, 3)) {
      byte[] got = new byte[100];
      int n = 0;
      while (n < 100) {
        n += in.read(got, n, 100 - n);
      }
      assertArrayEquals(before, got);
      assertSame(failure, assertThrows(IOException.class, () -> in.read(got, 0, 1)));
      assertSame(failure, assertThrows(IOException.class, in::read));
    }
  }

  @Test
  void aTruncatedGzipFileFailsAsHadoopsOwnStreamDoes() throws IOException {
    byte[] whole = gzip(data(600_000));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    GzipCodec plain = new GzipCodec();
    plain.setConf(new Configuration());
    ReadAheadGzipCodec ahead = new ReadAheadGzipCodec();
    ahead.setConf(new Configuration());
    ByteArrayOutputStream plainBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream aheadBytes = new ByteArrayOutputStream();
    try (CompressionInputStream p = plain.createInputStream(new ByteArrayInputStream(cut));
        CompressionInputStream a = ahead.createInputStream(new ByteArrayInputStream(cut))) {
      assertTrue(a instanceof ReadAheadGzipCodec.ReadAheadStream);
      assertThrows(EOFException.class, () -> readInto(p, plainBytes));
      assertThrows(EOFException.class, () -> readInto(a, aheadBytes));
    }
    // Every byte decompressed before the cut is read, then the failure: none lost, none made up.
    assertTrue(plainBytes.size() > 100_000);
    assertArrayEquals(plainBytes.toByteArray(), aheadBytes.toByteArray());
  }

  @Test
  void aWholeGzipFileReadsBackAsWritten() throws IOException {
    byte[] expected = data(1_000_000);
    ReadAheadGzipCodec codec = new ReadAheadGzipCodec();
    codec.setConf(new Configuration());
    try (CompressionInputStream in = codec.createInputStream(
        new ByteArrayInputStream(gzip(expected)))) {
      assertArrayEquals(expected, readAll(in));
    }
  }

  @Test
  void closingStopsTheThreadWaitingToReadAheadAndClosesTheSource() throws IOException {
    boolean[] sourceClosed = {false};
    InputStream source = new ByteArrayInputStream(data(100_000)) {
      @Override
      public void close() {
        sourceClosed[0] = true;
      }
    };
    ReadAheadGzipCodec.ReadAheadStream in = new ReadAheadGzipCodec.ReadAheadStream(source,
        raw -> raw, 16, 2, 16, 2);
    in.read();
    // The thread has filled both blocks (or is about to) and waits for an empty one.
    in.close();
    assertFalse(in.inflating());
    assertTrue(sourceClosed[0]);
    assertThrows(IOException.class, in::read);
    in.close();
  }

  @Test
  void gzipFilesAreReadAheadAndOtherCodecsKept() {
    Configuration conf = new Configuration();
    conf.set("io.compression.codecs", BZip2Codec.class.getName());
    Configuration ahead = ReadAheadGzipCodec.readingAhead(conf);
    CompressionCodecFactory codecs = new CompressionCodecFactory(ahead);
    assertEquals(ReadAheadGzipCodec.class, codecs.getCodec(new Path("/d/part-0.csv.gz"))
        .getClass());
    assertEquals(BZip2Codec.class, codecs.getCodec(new Path("/d/part-0.csv.bz2")).getClass());
    // The configuration given is left as it was.
    assertEquals(BZip2Codec.class.getName(), conf.get("io.compression.codecs"));
    assertEquals(GzipCodec.class, new CompressionCodecFactory(new Configuration())
        .getCodec(new Path("/d/part-0.csv.gz")).getClass());
  }
}
