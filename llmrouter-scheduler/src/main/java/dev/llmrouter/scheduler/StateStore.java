package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import java.util.function.Consumer;

/**
 * Where a router's routing state is shared with other routers: trace affinity, breaker results and
 * transitions, key and base URL cooldowns. The router keeps all of it in its own memory and reads
 * only that on the request path (except {@link #boundChannel}, asked when its own affinity entry is
 * missing or older than a short cache time); it hands every change to {@link #publish} and applies
 * the changes other routers made, which the store delivers to its {@link #subscribe sink}.
 *
 * <p>The default, {@link #local()}, shares nothing: the router behaves exactly as a single
 * instance and never calls the store on the request path. A shared implementation (such as the one
 * in {@code llmrouter-redis}) must never fail or stall a request: when its engine is unreachable it
 * answers from nothing ({@code null}), drops what it cannot send, reports itself degraded in
 * {@link #status()}, and delivers the shared state again once the engine is back.
 *
 * <p>Keys never leave the router: events name a key by its fingerprint. Implementations are
 * thread-safe. The router does not close its store; whoever made it does.
 */
public interface StateStore extends AutoCloseable {

  /** The store of a router that shares nothing (the default). */
  static StateStore local() {
    return LocalStateStore.INSTANCE;
  }

  /** Whether the store is up and, when it is not, why. */
  record Status(boolean shared, boolean degraded, String detail) {
    /** The status of {@link #local()}. */
    public static final Status LOCAL = new Status(false, false, "local");
  }

  /**
   * True when other routers see what is published here. A router whose store is not shared skips
   * every call to it.
   */
  boolean isShared();

  /**
   * The channel another router (or this one, earlier) bound the trace to, or null when none is
   * known or the store cannot answer within its short timeout. Called on the request's thread.
   */
  String boundChannel(ApiKind kind, String trace);

  /** Shares a change of this router's state; never blocks on the engine and never throws. */
  void publish(StateEvent event);

  /**
   * Starts delivering the changes other routers publish, and, after every (re)connection to the
   * engine, the shared state that is still in force (open breakers, cooldowns), so that a router
   * catches up on what it missed. Events may arrive on any thread, one at a time.
   *
   * @param sink fast, must not throw
   */
  void subscribe(Consumer<StateEvent> sink);

  /** Shared or not, degraded or not, with a detail for health pages. */
  Status status();

  @Override
  void close();
}
