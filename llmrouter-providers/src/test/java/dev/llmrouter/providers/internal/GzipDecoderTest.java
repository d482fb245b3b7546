package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A gzip body decoded as its pieces come, checked against the JDK's own gzip streams: any split,
 * every optional header field, members one after another, and each kind of broken body failing
 * with a message that says what is wrong; decoding stops once the sink wants no more.
 */
class GzipDecoderTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(42);

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body);
    }
    return out.toByteArray();
  }

  /** Text that compresses a little and a lot: words and random bytes. */
  private static byte[] sample(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) b[i] = (byte) (i % 7 == 0 ? RANDOM.nextInt(256) : "event: data\n".charAt(i % 12));
    return b;
  }

  /** Feeds {@code packed} in pieces of at most {@code piece} bytes, from direct buffers as a server reads them. */
  private static byte[] decode(byte[] packed, int piece) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipDecoder d = new GzipDecoder()) {
      for (int at = 0; at < packed.length; at += piece) {
        int n = Math.min(piece, packed.length - at);
        ByteBuffer in = ByteBuffer.allocateDirect(n);
        in.put(packed, at, n).flip();
        d.feed(in, decoded -> {
          byte[] b = new byte[decoded.remaining()];
          decoded.get(b);
          out.writeBytes(b);
          return true;
        });
        assertEquals(0, in.remaining(), "every piece is taken whole");
      }
      d.finish();
    }
    return out.toByteArray();
  }

  private static IOException broken(byte[] packed) {
    return assertThrows(IOException.class, () -> decode(packed, 1000));
  }

  @Test
  void decodesWhatTheJdkEncodesWhateverThePieces() throws IOException {
    byte[] body = sample(100_000);
    byte[] packed = gzip(body);
    for (int piece : new int[] {1, 2, 7, 10, 11, 4096, packed.length}) {
      assertArrayEquals(body, decode(packed, piece), "pieces of " + piece);
    }
  }

  /** {@code body} packed with every optional header field: FEXTRA, FNAME, FCOMMENT and FHCRC (its CRC-16 flipped if asked). */
  private static byte[] withEveryHeaderField(byte[] body, boolean wrongHeaderCrc) throws IOException {
    byte[] plain = gzip(body);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(plain, 0, 10);
    byte[] fixed = header.toByteArray();
    fixed[3] = 2 | 4 | 8 | 16;
    header.reset();
    header.writeBytes(fixed);
    header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    header.writeBytes("name.json\0".getBytes(StandardCharsets.ISO_8859_1));
    header.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(header.toByteArray());
    int crc16 = (int) crc.getValue() & 0xffff ^ (wrongHeaderCrc ? 1 : 0);
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    packed.writeBytes(header.toByteArray());
    packed.writeBytes(new byte[] {(byte) crc16, (byte) (crc16 >> 8)});
    packed.write(plain, 10, plain.length - 10);
    return packed.toByteArray();
  }

  @Test
  void skipsEveryOptionalHeaderFieldAndChecksTheHeaderCrc() throws IOException {
    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    byte[] packed = withEveryHeaderField(body, false);
    // The JDK agrees that this is gzip.
    assertArrayEquals(body, new GZIPInputStream(new ByteArrayInputStream(packed)).readAllBytes());
    for (int piece : new int[] {1, 3, packed.length}) assertArrayEquals(body, decode(packed, piece), "pieces of " + piece);
    assertEquals("upstream gzip body is broken: its header CRC does not match",
        broken(withEveryHeaderField(body, true)).getMessage());
  }

  @Test
  void membersOneAfterAnotherAreOneBody() throws IOException {
    byte[] first = "event: a\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "event: b\n\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(gzip(first));
    both.writeBytes(gzip(second));
    assertEquals("event: a\n\nevent: b\n\n", new String(decode(both.toByteArray(), 5), StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyBodyIsEmpty() throws IOException {
    assertEquals(0, decode(new byte[0], 1).length);
  }

  @Test
  void aBodyThatIsNotGzipSaysHowItStarts() {
    assertEquals("upstream gzip body is broken: no gzip header (it starts 0x7468)",
        broken("this is not gzip at all".getBytes(StandardCharsets.UTF_8)).getMessage());
    assertEquals("upstream gzip body is broken: no gzip header (it starts 0x0a7b)",
        broken("\n{\"a\":1}  ".getBytes(StandardCharsets.UTF_8)).getMessage());
  }

  @Test
  void anUnknownMethodCorruptDataAndWrongTrailersFail() throws IOException {
    byte[] packed = gzip(sample(10_000));
    byte[] method = packed.clone();
    method[2] = 7;
    assertEquals("upstream gzip body is broken: unknown compression method 7", broken(method).getMessage());

    byte[] data = packed.clone();
    data[10] = (byte) 0xff; // a deflate block of the reserved type 3
    IOException e = broken(data);
    assertTrue(e.getMessage().startsWith("upstream gzip body is broken: "), e.getMessage());
    assertTrue(e.getCause() instanceof java.util.zip.DataFormatException, String.valueOf(e.getCause()));

    byte[] crc = packed.clone();
    crc[crc.length - 8] ^= 1;
    assertEquals("upstream gzip body is broken: its CRC-32 does not match", broken(crc).getMessage());

    byte[] length = packed.clone();
    length[length.length - 4] ^= 1;
    assertEquals("upstream gzip body is broken: its length does not match", broken(length).getMessage());
  }

  @Test
  void aBodyCutShortFailsAtItsEnd() throws IOException {
    byte[] packed = gzip(sample(10_000));
    assertEquals("upstream gzip body is broken: it ends within a member (header)",
        broken(Arrays.copyOf(packed, 5)).getMessage());
    assertEquals("upstream gzip body is broken: it ends within a member (data)",
        broken(Arrays.copyOf(packed, packed.length / 2)).getMessage());
    assertEquals("upstream gzip body is broken: it ends within a member (trailer)",
        broken(Arrays.copyOf(packed, packed.length - 3)).getMessage());
  }

  @Test
  void decodingStopsOnceTheSinkWantsNoMore() throws IOException {
    // 64 MiB of zeros pack into about 64 KiB; the sink wants 20 KiB.
    byte[] packed = gzip(new byte[64 << 20]);
    long[] taken = {0};
    int[] calls = {0};
    try (GzipDecoder d = new GzipDecoder()) {
      d.feed(ByteBuffer.wrap(packed), decoded -> {
        calls[0]++;
        taken[0] += decoded.remaining();
        decoded.position(decoded.limit());
        return taken[0] < 20 * 1024;
      });
      d.finish();
    }
    assertTrue(taken[0] < 32 * 1024, "decoded " + taken[0] + " bytes");
    assertTrue(calls[0] <= 4, calls[0] + " pieces");
  }
}
