package dev.llmrouter.server.ingress;

import dev.llmrouter.api.provider.CancelSignal;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Notices a client that hangs up while its request is being served, before anything was written
 * to it (a write would notice too, but a long wait for the upstream writes nothing). Once the
 * request body has been read, the connection is watched for end-of-stream; a client that closes
 * fires the cancel signal, which cancels the upstream call at once. Bytes of a pipelined next
 * request are handed back to the server untouched and the watch ends.
 *
 * <p>HTTP/1.1 connections only; on others {@link #start} does nothing. {@link #stop()} must be
 * called before the response is completed, so that the server takes the connection back for the
 * next request.
 */
final class ClientWatch implements ChannelListener<ConduitStreamSourceChannel> {
  private final HttpServerExchange exchange;
  private final HttpServerConnection connection;
  private final ConduitStreamSourceChannel source;
  private final CancelSignal cancel;
  private ChannelListener<? super ConduitStreamSourceChannel> previousListener;
  private StreamSourceConduit previousConduit;
  private boolean armed;
  private boolean stopped;

  private ClientWatch(HttpServerExchange exchange, HttpServerConnection connection, CancelSignal cancel) {
    this.exchange = exchange;
    this.connection = connection;
    this.source = connection.getChannel().getSourceChannel();
    this.cancel = cancel;
  }

  /** Starts watching; returns null when the connection cannot be watched. */
  static ClientWatch start(HttpServerExchange exchange, CancelSignal cancel) {
    if (!(exchange.getConnection() instanceof HttpServerConnection c)) return null;
    if (c.getExtraBytes() != null) return null; // a pipelined request is already waiting
    ClientWatch watch = new ClientWatch(exchange, c, cancel);
    exchange.getIoThread().execute(watch::arm);
    return watch;
  }

  /**
   * On the IO thread: reads the connection below the request's own (finished) body framing, so
   * that the end of the client's stream is seen.
   */
  private synchronized void arm() {
    if (stopped) return;
    previousListener = source.getReadListener();
    previousConduit = source.getConduit();
    source.setConduit(connection.getOriginalSourceConduit());
    source.setReadListener(this);
    armed = true;
    source.resumeReads();
  }

  /**
   * Ends the watch and gives the connection back to the server as it was. Blocks (briefly) until
   * the IO thread has done so; call it from a worker, before the answer is completed. Idempotent.
   */
  void stop() {
    synchronized (this) {
      if (stopped) return;
      stopped = true;
      if (!armed) return;
    }
    CountDownLatch done = new CountDownLatch(1);
    exchange.getIoThread().execute(() -> {
      disarm();
      done.countDown();
    });
    try {
      done.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the IO thread: restores the server's conduit and listener, reads paused. */
  private synchronized void disarm() {
    if (!armed) return;
    armed = false;
    source.suspendReads();
    source.setConduit(previousConduit);
    source.setReadListener(previousListener);
  }

  @Override
  public void handleEvent(ConduitStreamSourceChannel channel) {
    synchronized (this) {
      if (!armed) {
        channel.suspendReads();
        return;
      }
    }
    ByteBuffer buffer = ByteBuffer.allocate(512);
    int read;
    try {
      read = channel.read(buffer);
    } catch (IOException e) {
      read = -1;
    }
    if (read == 0) return;
    synchronized (this) {
      stopped = true;
      disarm();
    }
    if (read < 0) {
      cancel.cancel();
      return;
    }
    // A pipelined request arrived: give its bytes back to the server untouched.
    buffer.flip();
    connection.ungetRequestBytes(new ImmediatePooledByteBuffer(buffer));
  }
}
