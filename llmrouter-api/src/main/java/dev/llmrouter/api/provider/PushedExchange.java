package dev.llmrouter.api.provider;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An upstream answer whose body its caller reads without blocking and pushes in as it arrives (see
 * {@link DirectCall}). {@link #nextFrame()} and {@link #body()} never wait: they are called only
 * once {@link #ready()} says they have what they need. Not thread-safe: pushed and read on one
 * thread, except {@link #cancel()}.
 */
public interface PushedExchange extends UpstreamExchange {
  /**
   * Takes the next bytes of the body.
   *
   * @param bytes the bytes, read from their position to their limit; the caller reuses the buffer
   *     afterwards
   */
  void push(ByteBuffer bytes);

  /** The body ended (the upstream's end of the answer). */
  void end();

  /**
   * Reading the body failed, or timed out.
   *
   * @param e the failure
   */
  void fail(IOException e);

  /**
   * {@return true when the next {@link #nextFrame()} (a stream) or {@link #body()} (any other answer)
   * has what it needs: a whole event, the whole body, or the end of the answer}
   */
  boolean ready();

  /**
   * {@return true once no more bytes are wanted: the answer ended, failed, reached its last event or
   * its limit, or was closed}
   */
  boolean finished();

  /**
   * {@return true when the answer's bytes were read to the upstream's end of the answer, so that
   * the connection may carry another request}
   */
  boolean readToEnd();
}
