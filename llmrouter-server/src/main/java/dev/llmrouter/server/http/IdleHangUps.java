package dev.llmrouter.server.http;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Closes a client connection that hung up between two requests from another thread than its IO
 * thread. The server reads an idle kept-alive connection for its next request; a client that closes
 * it instead is seen there, and Undertow would close the connection on the spot. XNIO closes a
 * connection on its own IO thread with a {@code selectNow()} over every ready connection of that
 * thread's selector, so thousands of clients hanging up within seconds (the end of a burst of
 * streams) cost in proportion to the square of the connections per selector, while the streams
 * still open wait for the same thread. Closed from another thread, XNIO only cancels the key and
 * wakes the selector, which drops the connection with its next poll.
 *
 * <p>The conduit sits under each accepted connection's own ({@link #watch}), so Undertow takes it as
 * the connection's original conduit. Between requests ({@link #requestStarted} clears the mark, the
 * exchange's completion sets it again), the end of the client's stream reads as "nothing yet", the
 * reads stop and the connection is handed to the closer; while a request runs, the end reads as the
 * end, for the request's body and the watch on a client that hangs up mid-stream.
 *
 * <p>Reads come from the connection's IO thread; the mark is set from the thread that ends an
 * exchange.
 */
public final class IdleHangUps extends AbstractStreamSourceConduit<StreamSourceConduit> {
  private final StreamConnection connection;
  private final Executor closer;
  /** Whether no request runs on the connection: a new one is idle until its first request starts. */
  private volatile boolean idle = true;
  /** Set once the client hung up while idle: the connection is being closed elsewhere. */
  private boolean closing;
  /** Marks the connection idle again when an exchange completes; one per connection, not per request. */
  private final ExchangeCompletionListener becameIdle = (exchange, next) -> {
    idle = true;
    next.proceed();
  };

  private IdleHangUps(StreamSourceConduit next, StreamConnection connection, Executor closer) {
    super(next);
    this.connection = connection;
    this.closer = closer;
  }

  /**
   * Puts the conduit under a connection just accepted, before the server takes it.
   *
   * @param closer closes the connections whose clients hung up between requests; one that refuses
   *     has them closed at once
   */
  public static IdleHangUps watch(StreamConnection connection, Executor closer) {
    ConduitStreamSourceChannel source = connection.getSourceChannel();
    IdleHangUps h = new IdleHangUps(source.getConduit(), connection, closer);
    source.setConduit(h);
    return h;
  }

  /**
   * Marks a request as running on the connection (the client's end is then the request's to see),
   * or the connection as idle again; for a front that serves requests without Undertow's exchange.
   */
  public void requestRunning(boolean running) {
    idle = !running;
  }

  /**
   * A request starts on the exchange's connection: until the exchange completes, the client's end
   * of the connection is the request's to see.
   */
  public static void requestStarted(HttpServerExchange exchange) {
    if (exchange.getConnection() instanceof HttpServerConnection c
        && c.getOriginalSourceConduit() instanceof IdleHangUps h) {
      h.idle = false;
      exchange.addExchangeCompleteListener(h.becameIdle);
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (closing) return 0;
    int n = next.read(dst);
    return n < 0 && idle ? hungUp() : n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    if (closing) return 0;
    long n = next.read(dsts, offs, len);
    return n < 0 && idle ? hungUp() : n;
  }

  @Override
  public void resumeReads() {
    if (!closing) next.resumeReads();
  }

  @Override
  public void wakeupReads() {
    if (!closing) next.wakeupReads();
  }

  private int hungUp() {
    closing = true;
    next.suspendReads();
    Runnable close = () -> IoUtils.safeClose(connection);
    try {
      closer.execute(close);
    } catch (RejectedExecutionException stopped) {
      close.run();
    }
    return 0;
  }
}
