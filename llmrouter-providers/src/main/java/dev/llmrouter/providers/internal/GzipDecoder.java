package dev.llmrouter.providers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip body (RFC 1952) pushed in pieces as they are read, without blocking: what OkHttp
 * does transparently for an answer it asked to be compressed, for a caller that reads the body
 * itself. Each member's header is checked (with its CRC-16 when it has one) and skipped, its
 * deflate data inflated, and its CRC-32 and length checked; members that follow one another decode
 * as one body, as {@code GZIPInputStream} reads them. The decoded bytes go to a {@link Sink} as they
 * come, a few kilobytes at a time, and decoding stops as soon as the sink wants no more, so a small
 * body that decodes to gigabytes costs no more than the sink takes.
 *
 * <p>Every failure is an {@link IOException} whose message starts with {@code "upstream gzip body
 * is broken: "}. Not thread-safe: one per body, fed on one thread. {@link #close()} frees the
 * inflater's native memory; it is closed by {@link #finish()} and by any failure too.
 */
final class GzipDecoder implements AutoCloseable {
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final String BROKEN = "upstream gzip body is broken: ";

  /** Takes decoded bytes. */
  @FunctionalInterface
  interface Sink {
    /**
     * Takes decoded bytes, from the buffer's position to its limit; the buffer is reused afterwards.
     *
     * @return false when no more bytes are wanted: decoding stops
     */
    boolean take(ByteBuffer decoded);
  }

  /** Where the decoder is within the current member. */
  private enum Part { HEADER, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, DATA, TRAILER }

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  /** The CRC-32 of the member's header so far, whose low 16 bits an FHCRC field holds. */
  private final CRC32 headerCrc = new CRC32();
  private final byte[] out = new byte[8 * 1024];
  /** The fixed header, or the trailer, gathered as its bytes come. */
  private final byte[] fixed = new byte[10];
  private int fixedLength;
  private Part part = Part.HEADER;
  private int flags;
  private int extraLeft;
  private long memberLength;
  /** Whether any byte of the body came: an empty body is an empty answer, not a broken one. */
  private boolean any;
  private boolean stopped;
  private boolean closed;

  /**
   * Decodes the bytes from {@code in}'s position to its limit, and moves its position to its limit.
   * Does nothing once the sink wanted no more.
   *
   * @param in the body's next bytes
   * @param sink takes the decoded bytes
   * @throws IOException when the bytes are not gzip
   */
  void feed(ByteBuffer in, Sink sink) throws IOException {
    try {
      while (in.hasRemaining() && !stopped) {
        any = true;
        switch (part) {
          case HEADER -> header(in);
          case EXTRA_LENGTH -> extraLength(in);
          case EXTRA -> extra(in);
          case NAME, COMMENT -> zeroTerminated(in);
          case HEADER_CRC -> checkHeaderCrc(in);
          case DATA -> data(in, sink);
          case TRAILER -> trailer(in);
          default -> throw new IllegalStateException(part.name());
        }
      }
      in.position(in.limit());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The body ended: checks that it did not end within a member.
   *
   * @throws IOException when the body ended before a member's trailer
   */
  void finish() throws IOException {
    try {
      if (stopped || !any || part == Part.HEADER && fixedLength == 0) return;
      throw new IOException(BROKEN + "it ends within a member (" + part.name().toLowerCase(Locale.ROOT) + ")");
    } finally {
      close();
    }
  }

  /** Frees the inflater; idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    inflater.end();
  }

  /** Gathers up to {@code n} bytes into {@link #fixed}; true once it holds {@code n}. */
  private boolean gather(ByteBuffer in, int n) {
    int take = Math.min(n - fixedLength, in.remaining());
    in.get(fixed, fixedLength, take);
    fixedLength += take;
    return fixedLength == n;
  }

  private void header(ByteBuffer in) throws IOException {
    if (!gather(in, 10)) return;
    fixedLength = 0;
    int magic = (fixed[0] & 0xff) << 8 | fixed[1] & 0xff;
    if (magic != 0x1f8b) {
      throw new IOException(BROKEN + "no gzip header (it starts " + String.format(Locale.ROOT, "0x%04x", magic) + ")");
    }
    if (fixed[2] != 8) throw new IOException(BROKEN + "unknown compression method " + (fixed[2] & 0xff));
    flags = fixed[3] & 0xff;
    headerCrc.reset();
    headerCrc.update(fixed, 0, 10);
    nextHeaderPart(Part.HEADER);
  }

  /** Moves past {@code done} to the next optional header field the flags ask for, or to the data. */
  private void nextHeaderPart(Part done) {
    int from = done.ordinal() + 1;
    if (from <= Part.EXTRA_LENGTH.ordinal() && (flags & FEXTRA) != 0) {
      part = Part.EXTRA_LENGTH;
    } else if (from <= Part.NAME.ordinal() && (flags & FNAME) != 0) {
      part = Part.NAME;
    } else if (from <= Part.COMMENT.ordinal() && (flags & FCOMMENT) != 0) {
      part = Part.COMMENT;
    } else if (from <= Part.HEADER_CRC.ordinal() && (flags & FHCRC) != 0) {
      part = Part.HEADER_CRC;
    } else {
      part = Part.DATA;
      inflater.reset();
      crc.reset();
      memberLength = 0;
    }
  }

  private void extraLength(ByteBuffer in) {
    if (!gather(in, 2)) return;
    fixedLength = 0;
    headerCrc.update(fixed, 0, 2);
    extraLeft = fixed[0] & 0xff | (fixed[1] & 0xff) << 8;
    if (extraLeft == 0) {
      nextHeaderPart(Part.EXTRA);
    } else {
      part = Part.EXTRA;
    }
  }

  private void extra(ByteBuffer in) {
    int skip = Math.min(extraLeft, in.remaining());
    ByteBuffer field = in.duplicate();
    field.limit(field.position() + skip);
    headerCrc.update(field);
    in.position(in.position() + skip);
    extraLeft -= skip;
    if (extraLeft == 0) nextHeaderPart(Part.EXTRA);
  }

  private void zeroTerminated(ByteBuffer in) {
    while (in.hasRemaining()) {
      byte b = in.get();
      headerCrc.update(b);
      if (b == 0) {
        nextHeaderPart(part);
        return;
      }
    }
  }

  private void checkHeaderCrc(ByteBuffer in) throws IOException {
    if (!gather(in, 2)) return;
    fixedLength = 0;
    int expected = fixed[0] & 0xff | (fixed[1] & 0xff) << 8;
    if (expected != (int) (headerCrc.getValue() & 0xffff)) {
      throw new IOException(BROKEN + "its header CRC does not match");
    }
    nextHeaderPart(Part.HEADER_CRC);
  }

  private void data(ByteBuffer in, Sink sink) throws IOException {
    inflater.setInput(in);
    try {
      while (!stopped) {
        int n = inflater.inflate(out);
        if (n > 0) {
          crc.update(out, 0, n);
          memberLength += n;
          if (!sink.take(ByteBuffer.wrap(out, 0, n))) stopped = true;
          continue;
        }
        if (inflater.finished()) {
          part = Part.TRAILER;
          return;
        }
        if (inflater.needsInput()) return;
        // Nothing out, not finished, no input wanted: only a preset dictionary is left, which gzip has not.
        throw new IOException(BROKEN + "its deflate data asks for a dictionary");
      }
    } catch (DataFormatException e) {
      throw new IOException(BROKEN + (e.getMessage() != null ? e.getMessage() : "invalid deflate data"), e);
    } finally {
      // Input left over after the member's deflate data is its trailer: it stays in the buffer.
      inflater.setInput(new byte[0]);
    }
  }

  private void trailer(ByteBuffer in) throws IOException {
    if (!gather(in, 8)) return;
    fixedLength = 0;
    long expectedCrc = le32(0);
    long expectedLength = le32(4);
    if (expectedCrc != crc.getValue()) throw new IOException(BROKEN + "its CRC-32 does not match");
    if (expectedLength != (memberLength & 0xffffffffL)) throw new IOException(BROKEN + "its length does not match");
    // Another member may follow.
    part = Part.HEADER;
  }

  private long le32(int at) {
    return (fixed[at] & 0xffL) | (fixed[at + 1] & 0xffL) << 8 | (fixed[at + 2] & 0xffL) << 16
        | (fixed[at + 3] & 0xffL) << 24;
  }
}
