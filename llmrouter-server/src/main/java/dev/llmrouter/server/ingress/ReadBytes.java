package dev.llmrouter.server.ingress;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSourceChannel;

/**
 * The bytes a {@link FrontConnection} read from its client and has not used yet: a buffer of the
 * server's pool, taken when bytes come and given back once all are used, so that an idle
 * connection or an open stream holds none; or the bytes of a request put back whole for Undertow.
 *
 * <p>Not thread-safe: used on the connection's IO thread only.
 */
final class ReadBytes {
  private final ByteBufferPool pool;
  /** The bytes not used, from position to limit; null when none. */
  private ByteBuffer buffer;
  private PooledByteBuffer pooled;

  ReadBytes(ByteBufferPool pool) {
    this.pool = pool;
  }

  /** Tells whether bytes wait to be used. */
  boolean hasRemaining() {
    return buffer != null && buffer.hasRemaining();
  }

  /** The bytes not used, from position to limit (null when none); its position may be moved on. */
  ByteBuffer buffer() {
    return buffer;
  }

  /** Tells whether the bytes not used fill the buffer: nothing more can be read into it. */
  boolean isFull() {
    return buffer != null && buffer.position() == 0 && buffer.limit() == buffer.capacity();
  }

  /**
   * Reads what the client sent, after the bytes not used (a buffer is taken when there is none);
   * a buffer left empty is given back.
   *
   * @return the bytes read; -1 at the end of the client's stream or when it cannot be read
   */
  int readFrom(StreamSourceChannel source) {
    if (buffer == null) {
      pooled = pool.allocate();
      buffer = pooled.getBuffer();
      buffer.clear().flip();
    }
    buffer.compact();
    int n;
    try {
      n = source.read(buffer);
    } catch (IOException e) {
      n = -1;
    }
    buffer.flip();
    if (!buffer.hasRemaining()) release();
    return n;
  }

  /** The bytes before {@code position} are used; the buffer is given back when none is left. */
  void usedTo(int position) {
    buffer.position(position);
    if (!buffer.hasRemaining()) release();
  }

  /**
   * Puts bytes back before those not used after {@code from}: the whole of a request for Undertow,
   * then any next request's bytes.
   */
  void putBack(byte[] before, int from) {
    int rest = buffer == null ? 0 : buffer.limit() - from;
    byte[] all = new byte[before.length + rest];
    System.arraycopy(before, 0, all, 0, before.length);
    if (rest > 0) buffer.get(from, all, before.length, rest);
    release();
    buffer = ByteBuffer.wrap(all);
    pooled = new ImmediatePooledByteBuffer(buffer);
  }

  /** Takes the bytes not used, for Undertow, which gives the buffer back; null when none. */
  PooledByteBuffer take() {
    PooledByteBuffer p = pooled;
    buffer = null;
    pooled = null;
    return p;
  }

  /** Gives the buffer back, and the bytes in it up. */
  void release() {
    if (pooled != null) pooled.close();
    pooled = null;
    buffer = null;
  }
}
