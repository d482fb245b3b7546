package dev.llmrouter.server.ingress;

import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.scheduler.PendingAttempt;
import dev.llmrouter.scheduler.RoutedResponse;
import dev.llmrouter.scheduler.Routing;

/** What the server side of a request does for its {@link DirectStream}: bookkeeping, headers, hand-offs. */
interface StreamHost {
  /**
   * The rest of the request goes to a worker: the pending attempt is made there, then the rest of
   * the routing, and the answer written, as a request that started on a worker.
   */
  void toWorker(Routing routing, PendingAttempt attempt);

  /** Sets the answer's status and headers on the exchange (not its content type). */
  void startAnswer(RoutedResponse response);

  /**
   * Runs the end of a request's bookkeeping off the IO thread, or on it when the thread that
   * settles these ends is closed or too many ends wait for it ({@link Settler}).
   */
  void afterwards(Runnable task);

  /**
   * The answer's last bytes are about to be written (or it was cut): counted as served on the IO
   * thread, before the client can see its end. Called once.
   */
  void servedOnIoThread();

  /** The answer ended (sent, or cut): the request's bookkeeping. */
  void ended(RoutedResponse response, long firstByteNanos, boolean cancelled);

  /** Tells whether the server is stopping (a cancel is then a shutdown, not a client gone). */
  boolean stopping();

  /** The frame that ends a stream cut by a shutdown. */
  StreamFrame shutdownEnd(RoutedResponse response);

  /** The answer to a request whose answer had not begun when the server began to stop. */
  byte[] shutdownAnswer();
}
