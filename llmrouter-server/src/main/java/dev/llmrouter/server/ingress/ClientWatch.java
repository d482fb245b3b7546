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
 * request body has been read, the connection can be watched for end-of-stream; a client that
 * closes fires the cancel signal, which cancels the upstream call at once. Bytes of a pipelined
 * next request are handed back to the server untouched and the watch ends.
 *
 * <p>Watching costs two trips to the connection's IO thread (arming it, and giving the connection
 * back before the answer completes), so a watch is only {@linkplain #arm() armed} once the request
 * has run for a while ({@link ClientWatches}): a request answered within that time never touches
 * its connection twice.
 *
 * <p>HTTP/1.1 connections only; on others {@link #create} returns null. {@link #stop()} must be
 * called before the response is completed, so that the server takes the connection back for the
 * next request.
 */
final class ClientWatch implements ChannelListener<ConduitStreamSourceChannel>, ClientWatches.Watch, HangUpWatch {
  private final HttpServerExchange exchange;
  private final HttpServerConnection connection;
  private final ConduitStreamSourceChannel source;
  private final CancelSignal cancel;
  private ChannelListener<? super ConduitStreamSourceChannel> previousListener;
  private StreamSourceConduit previousConduit;
  private final long createdNanos;
  private boolean armed;
  private boolean stopped;

  private ClientWatch(HttpServerExchange exchange, HttpServerConnection connection, CancelSignal cancel) {
    this.exchange = exchange;
    this.connection = connection;
    this.source = connection.getChannel().getSourceChannel();
    this.cancel = cancel;
    this.createdNanos = System.nanoTime();
  }

  /**
   * A watch for the request's connection, not armed yet; null when the connection cannot be
   * watched. Call once the request body has been read.
   */
  static ClientWatch create(HttpServerExchange exchange, CancelSignal cancel) {
    if (!(exchange.getConnection() instanceof HttpServerConnection c)) return null;
    if (c.getExtraBytes() != null) return null; // a pipelined request is already waiting
    return new ClientWatch(exchange, c, cancel);
  }

  /** When the watch was created, in {@link System#nanoTime()} units. */
  @Override
  public long createdNanos() {
    return createdNanos;
  }

  /** True once {@link #stop()} was called. */
  @Override
  public synchronized boolean isStopped() {
    return stopped;
  }

  /** Starts watching (on the connection's IO thread), unless the watch was stopped first. */
  @Override
  public void arm() {
    if (isStopped()) return;
    exchange.getIoThread().execute(this::armOnIoThread);
  }

  /** As {@link #arm()}, called on the connection's IO thread itself: starts watching at once. */
  @Override
  public void armNow() {
    if (isStopped()) return;
    armOnIoThread();
  }

  /**
   * As {@link #stop()}, called on the connection's IO thread itself: the connection is given back
   * at once. Idempotent.
   */
  @Override
  public synchronized void stopNow() {
    stopped = true;
    disarm();
  }

  /**
   * On the IO thread: reads the connection below the request's own (finished) body framing, so
   * that the end of the client's stream is seen.
   */
  private synchronized void armOnIoThread() {
    if (stopped || armed) return;
    if (connection.getExtraBytes() != null) return;
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
