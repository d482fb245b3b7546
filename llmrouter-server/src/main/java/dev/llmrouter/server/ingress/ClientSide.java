package dev.llmrouter.server.ingress;

import io.undertow.connector.ByteBufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.XnioIoThread;

/**
 * The client's end of a request that a {@link DirectStream} serves on its connection's IO thread:
 * where the answer's status, head and bytes go, and how the response ends. {@link ExchangeSide} is
 * Undertow's exchange. The stream writes through a {@link ClientSink}, which gathers its frames.
 *
 * <p>Not thread-safe: used on the connection's IO thread only.
 */
interface ClientSide {
  /** The connection's IO thread, where the stream runs. */
  XnioIoThread ioThread();

  /** The server's IO buffers, for reading the upstream's answer. */
  ByteBufferPool buffers();

  /** Sets the status of an answer whose head has not gone out. */
  void status(int code);

  /**
   * Starts a streamed answer: its content type and the stream's own headers go with the answer's
   * head, which goes out with the first bytes written.
   *
   * @param writable run when the client can take more, after {@link #resumeWrites()}
   */
  void openStream(String contentType, Runnable writable);

  /**
   * Writes what the client can take now of the buffer.
   *
   * @return the bytes written; 0 when the client cannot take more now
   */
  int write(ByteBuffer bytes) throws IOException;

  /** As {@link #write}, the stream's last bytes: the response's end may go out with them. */
  int writeFinal(ByteBuffer bytes) throws IOException;

  /** Ends the response once what was written is flushed. */
  void shutdownWrites() throws IOException;

  /**
   * Flushes what was written.
   *
   * @return false when the client cannot take it all now
   */
  boolean flush() throws IOException;

  /** Stops waiting for the client to take more. */
  void suspendWrites();

  /** Waits for the client to take more: the stream's writable task runs then. */
  void resumeWrites();

  /** Everything written so far is flushed, the answer's head with it: what only the head needed may go. */
  void headSent();

  /**
   * Sends a whole answer at once with its length, and ends the response.
   *
   * @param type the answer's content type, or null to leave it as set
   * @param done told true when the write failed (the client is gone), false once it is sent
   */
  void sendWhole(ByteBuffer body, String type, java.util.function.Consumer<Boolean> done);

  /** The response ended: the connection serves its next request. */
  void end();

  /** The client cannot be written (it is gone, or its answer was cut): the connection is closed. */
  void abort();
}
