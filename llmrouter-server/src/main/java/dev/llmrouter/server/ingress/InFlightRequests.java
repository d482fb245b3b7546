package dev.llmrouter.server.ingress;

import dev.llmrouter.api.provider.CancelSignal;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cancel signals of the proxied requests in flight, for counting them and cancelling them all
 * at shutdown. Each is also tied to its client's connection: the connection holds the signal of
 * the request it is serving, and a connection that closes cancels it.
 *
 * <p>This class is thread-safe.
 */
final class InFlightRequests {
  private static final AttachmentKey<AtomicReference<CancelSignal>> CURRENT_CANCEL = AttachmentKey.create(AtomicReference.class);

  private final Set<CancelSignal> signals = ConcurrentHashMap.newKeySet();

  /**
   * Counts the request in flight and ties its cancel signal to its connection.
   *
   * @return the connection's holder of its current request's signal, to be cleared with
   *     {@code compareAndSet(cancel, null)} when the request ends
   */
  AtomicReference<CancelSignal> add(HttpServerExchange exchange, CancelSignal cancel) {
    AtomicReference<CancelSignal> holder = cancelHolder(exchange.getConnection());
    holder.set(cancel);
    signals.add(cancel);
    return holder;
  }

  /** Counts a request in flight that no Undertow connection holds. */
  void add(CancelSignal cancel) {
    signals.add(cancel);
  }

  void remove(CancelSignal cancel) {
    signals.remove(cancel);
  }

  /** {@return how many requests are in flight} */
  int size() {
    return signals.size();
  }

  /** Cancels every request in flight. */
  void cancelAll() {
    for (CancelSignal s : signals) s.cancel();
  }

  private static AtomicReference<CancelSignal> cancelHolder(ServerConnection connection) {
    AtomicReference<CancelSignal> holder = connection.getAttachment(CURRENT_CANCEL);
    if (holder == null) {
      AtomicReference<CancelSignal> created = new AtomicReference<>();
      connection.putAttachment(CURRENT_CANCEL, created);
      connection.addCloseListener(c -> {
        CancelSignal s = created.get();
        if (s != null) s.cancel();
      });
      holder = created;
    }
    return holder;
  }
}
