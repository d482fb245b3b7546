package dev.llmrouter.server.ingress;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The client's side of a {@link DirectStream}: the bytes waiting for the client, gathered from the
 * answer's frames and written to the client's end ({@link ClientSide}) without blocking, and the two
 * ways the response ends: a whole answer sent at once, or the stream's last bytes written with the
 * response's end ({@link #writeOutLast()}). A client that cannot take more is waited for until it
 * can, which moves the stream on ({@link DirectStream#pump()}).
 *
 * <p>Not thread-safe: used on the connection's IO thread only, like its stream.
 */
final class ClientSink {
  /** Events gathered into one write at most (more wait for the next write). */
  private static final int MAX_BATCH = 64 * 1024;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final ClientSide sink;
  private final DirectStream stream;
  private boolean open;
  /** Whether the response's head went out: what only the head needed is let go of then. */
  private boolean headSent;
  /** Bytes to write to the client: filled from frames, drained to the sink. */
  private ByteBuffer out = EMPTY;

  ClientSink(ClientSide side, DirectStream stream) {
    this.sink = side;
    this.stream = stream;
  }

  /** Starts a streamed response: its headers, and the channel whose readiness moves the stream on. */
  void open(String contentType) {
    sink.openStream(contentType, () -> stream.pump());
    open = true;
  }

  /** Tells whether a streamed response was started (a whole answer is sent without one). */
  boolean isOpen() {
    return open;
  }

  /** Tells whether bytes wait for the client. */
  boolean hasPending() {
    return out.hasRemaining();
  }

  /** Tells whether another frame may join the bytes waiting, for the same write. */
  boolean hasRoom() {
    return out.remaining() < MAX_BATCH;
  }

  /** Adds bytes to those waiting for the client; a lone frame is written from its own array. */
  void append(byte[] bytes) {
    if (!out.hasRemaining()) {
      out = ByteBuffer.wrap(bytes);
      return;
    }
    ByteBuffer next = ByteBuffer.allocate(out.remaining() + bytes.length);
    next.put(out).put(bytes).flip();
    out = next;
  }

  /**
   * Writes the waiting bytes to the client and flushes them.
   *
   * @return false when the client cannot take more now; {@link #awaitClient()} then waits for it
   * @throws IOException when the client cannot be written (it is gone)
   */
  boolean writeOut() throws IOException {
    while (out.hasRemaining()) {
      if (sink.write(out) == 0) return false;
    }
    out = EMPTY;
    if (!sink.flush()) return false;
    sink.suspendWrites();
    if (!headSent) {
      headSent = true;
      sink.headSent();
    }
    return true;
  }

  /**
   * Writes the waiting bytes, the stream's last, with the response's end in the same write (the
   * chunked encoding's last chunk goes out with them, not in a write of its own), and flushes.
   * Called again when it returned false, until it returns true: the response has then ended.
   *
   * @return false when the client cannot take more now; {@link #awaitClient()} then waits for it
   * @throws IOException when the client cannot be written (it is gone)
   */
  boolean writeOutLast() throws IOException {
    while (out.hasRemaining()) {
      if (sink.writeFinal(out) == 0) return false;
    }
    out = EMPTY;
    // Ends the response when no bytes were waiting (a no-op when the final write ended it).
    sink.shutdownWrites();
    if (!sink.flush()) return false;
    sink.suspendWrites();
    return true;
  }

  /** Waits until the client can take more; then the stream is moved on. */
  void awaitClient() {
    sink.resumeWrites();
  }

  /**
   * Sends a whole answer at once and ends the response; then the stream finishes ({@link
   * DirectStream#finish}), as cut when the write failed.
   *
   * @param type the answer's content type, or null to leave the header as it is
   */
  void sendWhole(ByteBuffer body, String type) {
    sink.sendWhole(body, type, cut -> stream.finish(cut));
  }
}
