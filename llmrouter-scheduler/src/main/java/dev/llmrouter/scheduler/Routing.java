package dev.llmrouter.scheduler;

import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.util.Objects;

/**
 * One request's routing, step by step (see {@link Router#begin}): the attempts {@link Router#route}
 * makes, in the same order, classified and settled the same way, for a caller that makes some of
 * them itself (for instance without blocking, on a non-blocking IO thread) and gives back what came
 * of each. After each attempt the routing says whether the client is answered or it goes on.
 *
 * <pre>{@code
 * Routing routing = router.begin(request, cancel);
 * PendingAttempt a = routing.next();
 * if (a == null) return routing.answer();
 * UpstreamExchange ex = ...; // the caller sends a.call() itself
 * RoutedResponse answer = routing.complete(a, ex);
 * return answer != null ? answer : routing.run(); // the rest on this thread, blocking
 * }</pre>
 *
 * <p><b>Attempts.</b> Each attempt {@link #next()} gives holds its channel's breaker permit until it
 * is given back, exactly once, with {@link #attempt}, {@link #complete} or {@link #failed} (or made
 * by {@link #run()}); an attempt never given back leaves its permit unsettled. The request's cancel
 * signal is in {@link PendingAttempt#call()}: a caller's own call should end when it fires.
 *
 * <p><b>Answers.</b> The client's answer comes from the step that ends the routing, or from
 * {@link #answer()} once {@link #next()} returned null. The caller owns it and must close it. Once
 * the routing has its answer, {@link #next()} returns null and {@link #answer()} and {@link #run()}
 * return that same answer.
 *
 * <p><b>Threading.</b> Not thread-safe: used by one thread at a time (a caller that moves it to
 * another thread hands it over through an executor).
 */
public final class Routing {
  private final RequestRun run;

  Routing(RequestRun run) {
    this.run = run;
  }

  /**
   * The next attempt to make, with its breaker permit taken and counted as an attempt; null when
   * none is left: then {@link #answer()} is the client's answer (all failed, no channel, or
   * cancelled). Picks the next key, base URL or channel as {@link Router#route} does.
   *
   * @return the attempt to make, or null when none is left
   * @throws IllegalStateException when the attempt it gave last was not given back yet
   */
  public PendingAttempt next() {
    RequestRun.Attempt a = run.next();
    return a == null ? null : new PendingAttempt(a, run.provider());
  }

  /**
   * The client's answer once {@link #next()} returned null (all failed, no channel, or cancelled),
   * or once a step answered.
   *
   * @return the answer, which the caller owns and must close; never null
   * @throws IllegalStateException before the routing has its answer
   */
  public RoutedResponse answer() {
    return run.answer();
  }

  /**
   * Makes the attempt through its channel's {@link Provider} on this thread, blocking in
   * {@link Provider#open} (for a stream: until its first event), exactly as {@link Router#route}
   * does.
   *
   * @param a the attempt {@link #next()} gave last
   * @return the client's answer, which the caller owns and must close; or null to go on with
   *     {@link #next()}
   * @throws IllegalStateException when {@code a} is not the attempt {@link #next()} gave last, or
   *     was given back already
   */
  public RoutedResponse attempt(PendingAttempt a) {
    return run.make(Objects.requireNonNull(a, "a").attempt);
  }

  /**
   * The caller made the attempt itself and has the upstream's answer: its status and headers, and
   * for a stream {@link UpstreamExchange#nextFrame()} gives the first frame when called (it may
   * block until the upstream sends it). Classified exactly as after {@link Provider#open}: a
   * success, or an upstream error relayed to the client, answers; a failure goes on. The exchange
   * belongs to the routing from here: it is closed by it, or owned by the answer.
   *
   * @param a the attempt {@link #next()} gave last
   * @param ex the upstream's answer to it
   * @return the client's answer, which the caller owns and must close; or null to go on with
   *     {@link #next()}
   * @throws IllegalStateException when {@code a} is not the attempt {@link #next()} gave last, or
   *     was given back already ({@code ex} is closed then)
   */
  public RoutedResponse complete(PendingAttempt a, UpstreamExchange ex) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(ex, "ex");
    return run.complete(a.attempt, ex);
  }

  /**
   * The caller's attempt failed before any answer (connect, send, or waiting for the headers):
   * settled as when {@link Provider#open} throws the same exception, a failure of the channel
   * unless the request was cancelled.
   *
   * @param a the attempt {@link #next()} gave last
   * @param e why it failed
   * @return the client's answer, which the caller owns and must close; or null to go on with
   *     {@link #next()}
   * @throws IllegalStateException when {@code a} is not the attempt {@link #next()} gave last, or
   *     was given back already
   */
  public RoutedResponse failed(PendingAttempt a, IOException e) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(e, "e");
    return run.failedToOpen(a.attempt, e);
  }

  /**
   * Runs the rest on this thread, blocking, as {@link Router#route} does: makes the attempt
   * {@link #next()} gave if it was not given back yet, then every next one until one answers.
   *
   * @return the client's answer, which the caller owns and must close; never null
   */
  public RoutedResponse run() {
    return run.run();
  }
}
