package dev.llmrouter.server.ingress;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.scheduler.PendingAttempt;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Routing;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.logging.AccessLog;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import java.io.InterruptedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request served by a {@link DirectStream} on its connection's IO thread has of its own,
 * whichever way it came ({@link IoThreadEntry} through Undertow, {@link FrontRequest} through the
 * front): its API and operation, its id and place among the requests admitted, its access line
 * and cancel signal, and the parts of the stream's host that do not depend on the way, the hand-over
 * to a worker among them.
 *
 * <p>Not thread-safe: on the IO thread, then on one worker when handed over.
 */
abstract class IoThreadRequest implements StreamHost {
  private static final Logger log = LoggerFactory.getLogger(IoThreadRequest.class);

  final ProxyHandler h;
  final ApiKind kind;
  final Protocol protocol;
  final String operation;
  String requestId;
  long start;
  ProxyHandler.HeldBody held;
  /** What stays until the answer ends: the request without its body. */
  ClientRequest described;
  AccessLog.Entry entry;
  CancelSignal cancel;
  /** Whether the client asked for a stream (else its answer comes whole). */
  boolean stream;

  IoThreadRequest(ProxyHandler h, ApiKind kind, String operation) {
    this.h = h;
    this.kind = kind;
    this.protocol = kind.protocol();
    this.operation = operation;
  }

  /**
   * Goes on with the request on a worker, on Undertow's exchange: the pending attempt is made there,
   * then the rest of the routing, and the answer is written there, as for a request that started
   * on a worker. A full pool answers 503 in the client's format.
   *
   * @param holder the connection's holder of its request's cancel signal
   * @param refused the request's bookkeeping when the pool refused it (after the 503)
   */
  void onWorker(HttpServerExchange exchange, Routing r, PendingAttempt attempt, AtomicReference<CancelSignal> holder,
      ClientWatch watch, Executor workers, Runnable refused) {
    // Held until the worker makes it, then let go of: the attempt keeps the request's body.
    AtomicReference<PendingAttempt> pending = new AtomicReference<>(attempt);
    Runnable task = () -> {
      exchange.startBlocking();
      h.watch(watch);
      h.answerBlocking(exchange, kind, operation, requestId, held, null, described, null, false, entry, cancel,
          holder, watch, () -> {
            RoutedResponse answer = r.attempt(pending.getAndSet(null));
            return answer != null ? answer : r.run();
          });
    };
    try {
      // Run as a handler's call: the exchange ends on the IO thread once the task has returned.
      workers.execute(() -> Connectors.executeRootHandler(ex -> task.run(), exchange));
    } catch (RejectedExecutionException e) {
      log.warn("[Server-Overload] worker pool full; request refused: {}", exchange.getRequestPath());
      cancel.cancel();
      // Settled as cancelled; the client gets the 503 below.
      RoutedResponse gone = r.failed(pending.getAndSet(null), new InterruptedIOException("not sent: no worker"));
      if (gone != null) gone.close();
      Exchanges.sendError(exchange, protocol, 503, ErrorType.OVERLOADED, "the router is at capacity; retry shortly");
      refused.run();
    }
  }

  @Override
  public void afterwards(Runnable task) {
    h.settling().execute(task);
  }

  @Override
  public void servedOnIoThread() {
    if (stream) {
      h.streamServedOnIoThread();
    } else {
      h.answerServedOnIoThread();
    }
  }

  @Override
  public boolean stopping() {
    return h.isStopping();
  }

  @Override
  public StreamFrame shutdownEnd(RoutedResponse response) {
    return ProxyHandler.shutdownEnd(response, null, protocol);
  }

  @Override
  public byte[] shutdownAnswer() {
    return ClientErrors.body(protocol, 503, ErrorType.OVERLOADED, ProxyHandler.SHUTDOWN_MESSAGE);
  }
}
