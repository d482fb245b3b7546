package dev.llmrouter.server.http;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * A streamed answer's body, written by a worker straight to the exchange's response channel: each
 * write goes out whole before it returns (no pooled buffer of its own: the channel takes the
 * caller's bytes as they are), the response's head with the first one. {@link #close()} hands the
 * end of the exchange to its IO thread ({@link Exchanges#endOnIoThread}, which says why).
 *
 * <p>For an exchange dispatched to the calling worker, in blocking mode; not thread-safe (callers
 * that write from two threads hold their own lock). Once closed, nothing may read or write the
 * exchange's blocking streams.
 */
public final class StreamedBody extends OutputStream {
  private final HttpServerExchange exchange;
  private StreamSinkChannel channel;
  private boolean closed;

  public StreamedBody(HttpServerExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("the streamed body is closed");
    if (len == 0) return;
    Channels.writeBlocking(channel(), ByteBuffer.wrap(b, off, len));
  }

  @Override
  public void flush() throws IOException {
    if (closed) throw new IOException("the streamed body is closed");
    if (channel != null) Channels.flushBlocking(channel);
  }

  /**
   * Ends the exchange on its IO thread once the calling worker's task has returned: the last chunk
   * goes out there and the connection is ready for its next request.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    Exchanges.endOnIoThread(exchange, exchange::endExchange);
  }

  private StreamSinkChannel channel() throws IOException {
    if (channel == null) {
      channel = exchange.getResponseChannel();
      if (channel == null) throw new IOException("the response channel was taken already");
    }
    return channel;
  }
}
