package dev.llmrouter.server.ingress;

import io.undertow.connector.ByteBufferPool;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

/**
 * The client's end of a {@link DirectStream} as Undertow's exchange: a stream is written to the
 * exchange's response channel, whose chunked encoding Undertow adds, and a whole answer with the
 * exchange's non-blocking sender.
 *
 * <p>Not thread-safe: used on the connection's IO thread only.
 */
final class ExchangeSide implements ClientSide {
  private final HttpServerExchange exchange;
  private StreamSinkChannel sink;

  ExchangeSide(HttpServerExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public XnioIoThread ioThread() {
    return exchange.getIoThread();
  }

  @Override
  public ByteBufferPool buffers() {
    return exchange.getConnection().getByteBufferPool();
  }

  @Override
  public void status(int code) {
    exchange.setStatusCode(code);
  }

  @Override
  public void openStream(String contentType, Runnable writable) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(ProxyHandler.ACCEL_BUFFERING, "no");
    sink = exchange.getResponseChannel();
    sink.getWriteSetter().set(ch -> writable.run());
  }

  @Override
  public int write(ByteBuffer bytes) throws IOException {
    return sink.write(bytes);
  }

  @Override
  public int writeFinal(ByteBuffer bytes) throws IOException {
    return sink.writeFinal(bytes);
  }

  @Override
  public void shutdownWrites() throws IOException {
    sink.shutdownWrites();
  }

  @Override
  public boolean flush() throws IOException {
    return sink.flush();
  }

  @Override
  public void suspendWrites() {
    sink.suspendWrites();
  }

  @Override
  public void resumeWrites() {
    sink.resumeWrites();
  }

  @Override
  public void headSent() {
    // Undertow does not read the header map again once the head is on the wire, and a stream open
    // for minutes need not keep it (a dozen values each).
    exchange.getResponseHeaders().clear();
  }

  @Override
  public void sendWhole(ByteBuffer body, String type, Consumer<Boolean> done) {
    if (type != null) exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
    exchange.getResponseSender().send(body, new IoCallback() {
      @Override
      public void onComplete(HttpServerExchange ex, Sender sender) {
        IoCallback.END_EXCHANGE.onComplete(ex, sender);
        done.accept(false);
      }

      @Override
      public void onException(HttpServerExchange ex, Sender sender, IOException e) {
        IoCallback.END_EXCHANGE.onException(ex, sender, e);
        done.accept(true);
      }
    });
  }

  @Override
  public void end() {
    exchange.endExchange();
  }

  @Override
  public void abort() {
    exchange.setPersistent(false);
    try {
      exchange.getConnection().close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
