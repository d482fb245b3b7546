package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.CommonStrings;
import dev.llmrouter.api.http.HttpHeaders;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One HTTP/1.1 connection to an upstream (plain, or TLS under XNIO's connection), used by one
 * {@link UpstreamClient} call at a time on its IO thread: it writes a request's head and body in one
 * gathering write, parses the answer's head (skipping interim {@code 1xx} answers), and gives the
 * answer's body as it arrives, its framing removed ({@code Content-Length}, chunked, or up to the
 * connection's end). It is what an upstream exchange needs and no more: no header maps of its own,
 * no parser objects per request, no buffer kept between reads but the few bytes read past an
 * answer's head. Between calls, kept idle, it closes itself when the upstream closes its side.
 *
 * <p>Not thread-safe: used on its IO thread only.
 */
final class UpstreamConnection implements IdleConnections.Pooled {
  /** The largest answer head read; a longer one fails the call. */
  static final int MAX_HEAD = 64 * 1024;
  /**
   * The size of each IO thread's array for the answer heads it reads: a read's bytes (at most a
   * pooled buffer, 4 KiB) are gathered there, and a head complete in them is parsed there, so that
   * an answer's head takes no array of its own. A head that is not complete when the read ends is
   * copied to an array of its connection's own (the next read may be another connection's).
   */
  static final int HEAD_SCRATCH = 16 * 1024;
  /** The largest chunk size accepted (a larger one is a broken answer, not a real chunk). */
  private static final long MAX_CHUNK = 1L << 40;

  private static final int LENGTH = 0;
  private static final int CHUNKED = 1;
  private static final int TO_CLOSE = 2;

  private static final int SIZE = 0;
  private static final int SIZE_LINE = 1;
  private static final int DATA = 2;
  private static final int DATA_END = 3;
  private static final int TRAILER = 4;

  /** What the call is told about its request and the answer's head; on the IO thread. */
  interface Events {
    /** The request was written to its last byte. */
    void written();

    /**
     * The answer's head arrived; its body is read with {@link #read}.
     *
     * @param status the status code
     * @param headers the answer's headers, in the order sent
     */
    void answered(int status, HttpHeaders headers);

    /**
     * The request could not be written or the answer's head not read.
     *
     * @param e the failure; a {@link ClosedBeforeAnswer} when the upstream closed the connection first
     */
    void failed(IOException e);
  }

  /** The upstream closed the connection before an answer's head was complete. */
  static final class ClosedBeforeAnswer extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedBeforeAnswer() {
      super("the upstream closed the connection before its answer");
    }
  }

  private final StreamConnection socket;
  private final ConduitStreamSourceChannel in;
  private final ConduitStreamSinkChannel out;
  private final ByteBufferPool buffers;
  private final ThreadLocal<byte[]> headScratch;

  // The request being written; let go of once written.
  private Events events;
  private ByteBuffer[] request;
  private boolean writing;

  // The answer's head, as read so far.
  private byte[] head;
  private int headLength;
  private int scanned;
  private boolean answered;

  // Bytes read past the head (or an interim answer) that the body has not taken yet.
  private byte[] extra;
  private int extraAt;

  // The answer's body.
  private int framing;
  /** Bytes of the body left (LENGTH), or of the current chunk (CHUNKED). */
  private long left;
  private int chunkState;
  private int digits;
  private boolean lineEmpty;
  private boolean bodyDone;
  private boolean reusable;
  private boolean closed;

  UpstreamConnection(StreamConnection socket, ByteBufferPool buffers, ThreadLocal<byte[]> headScratch) {
    this.socket = socket;
    this.headScratch = headScratch;
    this.in = socket.getSourceChannel();
    this.out = socket.getSinkChannel();
    this.buffers = buffers;
  }

  /**
   * Writes a request and waits for its answer's head; {@code events} is told of each step.
   *
   * @param requestHead the request line and headers, with the blank line after them
   * @param body the request's body
   * @param events told that the request was written, and of the answer's head or the failure
   */
  void send(byte[] requestHead, byte[] body, Events events) {
    this.events = events;
    answered = false;
    bodyDone = false;
    reusable = false;
    head = null;
    headLength = 0;
    scanned = 0;
    extra = null;
    in.suspendReads();
    in.getReadSetter().set(c -> readHead());
    request = new ByteBuffer[] {ByteBuffer.wrap(requestHead), ByteBuffer.wrap(body)};
    writing = true;
    out.getWriteSetter().set(c -> write());
    write();
    // The answer may come before the request is written to its end (an upstream refusing a body).
    if (!closed && !answered) in.resumeReads();
  }

  private void write() {
    if (!writing) return;
    try {
      ByteBuffer[] r = request;
      while (r[0].hasRemaining() || r[1].hasRemaining()) {
        if (out.write(r, 0, 2) == 0) {
          out.resumeWrites();
          return;
        }
      }
      if (!out.flush()) {
        out.resumeWrites();
        return;
      }
      out.suspendWrites();
      writing = false;
      request = null;
      Events e = events;
      if (e != null && !answered) e.written();
    } catch (IOException e) {
      writing = false;
      request = null;
      out.suspendWrites();
      // An upstream that answered and then closed its reading side: the answer counts.
      if (!answered) failed(e);
    }
  }

  private void failed(IOException e) {
    Events ev = events;
    events = null;
    closeNow();
    if (ev != null) ev.failed(e);
  }

  /** Reads the answer's head; on the connection's read readiness. */
  private void readHead() {
    if (answered || closed) return;
    PooledByteBuffer pooled = buffers.allocate();
    try {
      ByteBuffer b = pooled.getBuffer();
      while (!answered && !closed) {
        b.clear();
        int n = in.read(b);
        if (n == 0) return;
        if (n < 0) {
          failed(new ClosedBeforeAnswer());
          return;
        }
        b.flip();
        append(b);
        parseHeads();
      }
    } catch (IOException e) {
      failed(e);
    } finally {
      pooled.close();
      keepHead();
    }
  }

  /** A head still being read leaves the IO thread's array for one of its own. */
  private void keepHead() {
    if (head != null && head.length == HEAD_SCRATCH && head == headScratch.get()) {
      head = Arrays.copyOf(head, Math.max(1024, headLength));
    }
  }

  private void append(ByteBuffer b) throws IOException {
    int n = b.remaining();
    if (head == null) {
      byte[] scratch = headScratch.get();
      head = n <= scratch.length ? scratch : new byte[Math.max(1024, n)];
    }
    if (headLength + n > head.length) {
      if (headLength + n > MAX_HEAD + 4) throw new IOException("the upstream's answer head is larger than " + MAX_HEAD + " bytes");
      head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
    }
    b.get(head, headLength, n);
    headLength += n;
  }

  /** Parses the heads complete so far: interim answers are skipped, a final one is answered. */
  private void parseHeads() throws IOException {
    while (!answered) {
      int end = headEnd();
      if (end < 0) {
        if (headLength > MAX_HEAD) throw new IOException("the upstream's answer head is larger than " + MAX_HEAD + " bytes");
        return;
      }
      int status = status();
      if (status >= 100 && status < 200) {
        if (status == 101) throw new IOException("the upstream switched protocols (101)");
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        System.arraycopy(head, end, head, 0, headLength - end);
        headLength -= end;
        scanned = 0;
        continue;
      }
      HttpHeaders headers = headers(status, end);
      answered = true;
      in.suspendReads();
      in.getReadSetter().set(null);
      if (end < headLength) {
        extra = Arrays.copyOfRange(head, end, headLength);
        extraAt = 0;
      }
      head = null;
      Events ev = events;
      events = null;
      if (writing) {
        // Answered before the request was written to its end: the connection is not used again.
        writing = false;
        request = null;
        out.suspendWrites();
        reusable = false;
      }
      if (ev != null) ev.answered(status, headers);
    }
  }

  /** Where the first complete head ends (after its blank line), or -1. */
  private int headEnd() {
    for (int i = Math.max(scanned, 0); i < headLength; i++) {
      if (head[i] != '\n') continue;
      if (i + 1 < headLength && head[i + 1] == '\n') return i + 2;
      if (i + 2 < headLength && head[i + 1] == '\r' && head[i + 2] == '\n') return i + 3;
      if (i + 2 >= headLength) {
        scanned = i;
        return -1;
      }
    }
    scanned = headLength;
    return -1;
  }

  private int status() throws IOException {
    // "HTTP/1.x NNN"
    if (headLength < 12 || head[0] != 'H' || head[1] != 'T' || head[2] != 'T' || head[3] != 'P' || head[4] != '/'
        || head[5] != '1' || head[6] != '.' || head[8] != ' ' || !digit(head[9]) || !digit(head[10])
        || !digit(head[11]) || headLength > 12 && head[12] != ' ' && head[12] != '\r' && head[12] != '\n') {
      throw new IOException("the upstream's answer is not HTTP/1.x: " + printable(head, 0, Math.min(headLength, 32)));
    }
    return (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** The final answer's headers, and its framing and whether the connection can be kept. */
  private HttpHeaders headers(int status, int end) throws IOException {
    boolean http10 = head[7] == '0';
    boolean close = false;
    boolean keepAlive = false;
    boolean chunked = false;
    boolean encoded = false;
    long length = -1;
    HttpHeaders.Builder b = HttpHeaders.builder();
    int i = lineEnd(0, end) + 1;
    while (i < end) {
      int eol = lineEnd(i, end);
      int stop = eol > i && head[eol - 1] == '\r' ? eol - 1 : eol;
      if (stop == i) break; // the blank line
      if (head[i] == ' ' || head[i] == '\t') throw new IOException("the upstream's answer folds a header line");
      int colon = i;
      while (colon < stop && head[colon] != ':') colon++;
      if (colon == stop || colon == i) throw new IOException("the upstream's answer has a malformed header line");
      for (int k = i; k < colon; k++) {
        if (head[k] == ' ' || head[k] == '\t') throw new IOException("the upstream's answer has a malformed header name");
      }
      int v = colon + 1;
      while (v < stop && (head[v] == ' ' || head[v] == '\t')) v++;
      int ve = stop;
      while (ve > v && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) ve--;
      String name = CommonStrings.latin1(head, i, colon);
      String value = CommonStrings.latin1(head, v, ve);
      b.add(name, value);
      if (name.equalsIgnoreCase("content-length")) {
        long l = contentLength(value);
        if (length >= 0 && l != length) throw new IOException("the upstream's answer has conflicting Content-Length headers");
        length = l;
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        encoded = true;
        // The last coding decides: chunked ends the body, any other runs to the connection's end.
        int comma = value.lastIndexOf(',');
        chunked = value.substring(comma + 1).trim().equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("connection")) {
        for (String token : value.split(",")) {
          String t = token.trim();
          if (t.equalsIgnoreCase("close")) close = true;
          if (t.equalsIgnoreCase("keep-alive")) keepAlive = true;
        }
      }
      i = eol + 1;
    }
    reusable = !close && (!http10 || keepAlive);
    left = 0;
    if (status == 204 || status == 304) {
      framing = LENGTH;
      bodyDone = true;
    } else if (encoded) {
      if (chunked) {
        framing = CHUNKED;
        chunkState = SIZE;
        digits = 0;
      } else {
        framing = TO_CLOSE;
        reusable = false;
      }
    } else if (length >= 0) {
      framing = LENGTH;
      left = length;
      bodyDone = length == 0;
    } else {
      framing = TO_CLOSE;
      reusable = false;
    }
    return b.build();
  }

  private static long contentLength(String value) throws IOException {
    if (value.isEmpty() || value.length() > 18) throw new IOException("the upstream's answer has an invalid Content-Length: " + value);
    long l = 0;
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c < '0' || c > '9') throw new IOException("the upstream's answer has an invalid Content-Length: " + value);
      l = l * 10 + (c - '0');
    }
    return l;
  }

  private int lineEnd(int from, int end) {
    int k = from;
    while (k < end && head[k] != '\n') k++;
    return k;
  }

  private static String printable(byte[] b, int off, int len) {
    StringBuilder s = new StringBuilder(len);
    for (int k = off; k < off + len; k++) {
      int c = b[k] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return s.toString();
  }

  /**
   * Reads the answer's body: its bytes, its framing removed.
   *
   * @param dst where the bytes go
   * @return the bytes read, 0 when none are there yet, -1 at the body's end
   * @throws IOException when the connection fails, or ends before the body does
   */
  int read(ByteBuffer dst) throws IOException {
    if (bodyDone) return -1;
    if (closed) throw new IOException("the upstream connection was closed");
    int from = dst.position();
    while (dst.hasRemaining() && !bodyDone) {
      int rawStart = dst.position();
      int n = readRaw(dst);
      if (n < 0) {
        if (framing != TO_CLOSE) throw new IOException("unexpected end of stream: the upstream closed the connection before its answer's end");
        bodyDone = true;
        break;
      }
      if (n == 0) break;
      if (framing == CHUNKED) {
        dechunk(dst, rawStart);
      } else if (framing == LENGTH) {
        left -= n;
        if (left == 0) bodyDone = true;
      }
      if (dst.position() > from) break;
    }
    if (bodyDone && extra != null) {
      // Bytes past the answer's end: not an answer of this connection's to read; it is not kept.
      reusable = false;
      extra = null;
    }
    int got = dst.position() - from;
    return got == 0 && bodyDone ? -1 : got;
  }

  /** Reads raw body bytes into {@code dst}: those read past the head first, then the socket's. */
  private int readRaw(ByteBuffer dst) throws IOException {
    int room = dst.remaining();
    if (framing == LENGTH && left < room) room = (int) left;
    if (extra != null) {
      int n = Math.min(room, extra.length - extraAt);
      dst.put(extra, extraAt, n);
      extraAt += n;
      if (extraAt == extra.length) extra = null;
      return n;
    }
    int limit = dst.limit();
    dst.limit(dst.position() + room);
    try {
      return in.read(dst);
    } finally {
      dst.limit(limit);
    }
  }

  /** Removes the chunks' framing from the bytes just read, in place: {@code [rawStart, position)}. */
  private void dechunk(ByteBuffer dst, int rawStart) throws IOException {
    int end = dst.position();
    int w = rawStart;
    int r = rawStart;
    while (r < end) {
      switch (chunkState) {
        case SIZE -> {
          byte c = dst.get(r);
          int d = hex(c);
          if (d >= 0) {
            left = left * 16 + d;
            if (++digits > 11 || left > MAX_CHUNK) throw new IOException("the upstream's answer has an invalid chunk size");
            r++;
          } else if (digits == 0) {
            throw new IOException("the upstream's answer has an invalid chunk size");
          } else {
            chunkState = SIZE_LINE;
          }
        }
        case SIZE_LINE -> {
          // Extensions and the line's end.
          if (dst.get(r++) == '\n') {
            digits = 0;
            if (left == 0) {
              chunkState = TRAILER;
              lineEmpty = true;
            } else {
              chunkState = DATA;
            }
          }
        }
        case DATA -> {
          int k = (int) Math.min(left, end - r);
          if (w != r) {
            // Moving down within the buffer: JDK's copy is safe for overlapping ranges.
            dst.put(w, dst, r, k);
          }
          w += k;
          r += k;
          left -= k;
          if (left == 0) chunkState = DATA_END;
        }
        case DATA_END -> {
          byte c = dst.get(r++);
          if (c == '\n') {
            chunkState = SIZE;
          } else if (c != '\r') {
            throw new IOException("the upstream's answer has a chunk without its line end");
          }
        }
        default -> {
          // Trailer lines, up to the blank line that ends the body.
          byte c = dst.get(r++);
          if (c == '\n') {
            if (lineEmpty) {
              bodyDone = true;
              if (r < end) reusable = false;
              dst.position(w);
              return;
            }
            lineEmpty = true;
          } else if (c != '\r') {
            lineEmpty = false;
          }
        }
      }
    }
    dst.position(w);
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Calls {@code r} when the body can be read; once {@link #resumeReads()}. */
  void onReadable(Runnable r) {
    in.getReadSetter().set(c -> r.run());
  }

  void resumeReads() {
    if (!closed) in.resumeReads();
  }

  void suspendReads() {
    if (!closed) in.suspendReads();
  }

  /** Tells whether the answer was read to its end and the connection can carry another request. */
  boolean reusable() {
    // Bytes read past the answer's end (a body after a 204, say) are no answer of this connection's.
    return bodyDone && reusable && extra == null && !closed && socket.isOpen();
  }

  /** Kept idle: the connection closes itself when the upstream closes its side (or sends anything). */
  void idle() {
    in.getReadSetter().set(c -> {
      try {
        int n = c.read(ByteBuffer.allocate(1));
        if (n == 0) return;
      } catch (IOException e) {
        // closed below
      }
      closeNow();
    });
    in.resumeReads();
  }

  /** Taken from the idle ones for a new request. */
  void taken() {
    in.suspendReads();
    in.getReadSetter().set(null);
  }

  @Override
  public boolean isOpen() {
    return !closed && socket.isOpen();
  }

  /** Closes the socket at once. */
  @Override
  public void closeNow() {
    closed = true;
    writing = false;
    request = null;
    extra = null;
    head = null;
    IoUtils.safeClose(socket);
  }
}
