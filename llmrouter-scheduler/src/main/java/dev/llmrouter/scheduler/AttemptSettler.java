package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the attempts of one {@link RequestRun}, each exactly once: its breaker permit (released
 * or recorded, and shared through the router's state sync), the key and base URL health or
 * cooldowns its decision asks for, and the {@link AttemptOutcome} for the router's listener, which
 * is reported on every path. A success settles without a decision; an attempt that did not succeed
 * settles as its {@link Settlement} says.
 *
 * <p>Immutable: it holds only the router and the client API. This class is thread-safe (the
 * router's parts it calls are); a run uses it on its own thread, and a stream the run answered with
 * on the thread that ends the stream.
 */
final class AttemptSettler {
  // The log line keeps the logger name it had when this was part of RequestRun.
  private static final Logger log = LoggerFactory.getLogger(RequestRun.class);

  /**
   * How an attempt that did not succeed is settled: {@code decision} gives the outcome's result and
   * the cooldowns; the rest is what the outcome event reports. A success settles without one.
   */
  record Settlement(Decision decision, int status, Duration retryAfter, long firstByteNanos, Usage usage,
      String detail) {}

  private final Router r;
  private final ApiKind kind;

  AttemptSettler(Router router, ApiKind kind) {
    this.r = router;
    this.kind = kind;
  }

  /**
   * Settles a successful attempt exactly once: its breaker permit, the key and base URL health, and
   * the outcome event. Makes no {@link Settlement}.
   *
   * @param request the run's request as it is now (the outcome reports its model, stream flag and id)
   */
  void success(RequestRun.Attempt a, ClientRequest request, int status, long firstByteNanos, Usage usage) {
    Instant now = r.clock.instant();
    try {
      a.breaker().success(a.permit());
      if (r.sync != null && !a.permit().forced()) {
        r.sync.outcome(kind, a.channel(), a.baseUrl(), a.key(), true, now);
      }
      r.health.keySucceeded(kind, a.channel(), a.key());
      r.health.urlSucceeded(kind, a.channel(), a.baseUrl());
    } finally {
      report(a, request, status, Result.SUCCESS, firstByteNanos, usage, null);
    }
  }

  /**
   * Settles an attempt that did not succeed exactly once: its breaker permit, the key and base URL
   * cooldowns its decision asks for, and the outcome event.
   *
   * @param request the run's request as it is now (the outcome reports its model, stream flag and id)
   */
  void failure(RequestRun.Attempt a, ClientRequest request, Settlement s) {
    Decision d = s.decision();
    Result result = d.result();
    Instant now = r.clock.instant();
    try {
      if (result == Result.FAILURE) {
        a.breaker().failure(a.permit(), now);
        if (r.sync != null && !a.permit().forced()) {
          r.sync.outcome(kind, a.channel(), a.baseUrl(), a.key(), false, now);
        }
        if (d.coolsKey()) {
          r.health.keyFailed(kind, a.channel(), a.key(), s.retryAfter(), now);
        } else if (d.coolsBaseUrl()) {
          r.health.urlFailed(kind, a.channel(), a.baseUrl(), s.retryAfter(), now);
        }
      } else {
        a.breaker().release(a.permit());
      }
    } finally {
      report(a, request, s.status(), result, s.firstByteNanos(), s.usage(), s.detail());
    }
  }

  private void report(RequestRun.Attempt a, ClientRequest request, int status, Result result, long firstByteNanos,
      Usage usage, String detail) {
    UpstreamCall call = a.call();
    AttemptOutcome outcome = new AttemptOutcome(kind, a.channel().id(), a.channel().displayName(), call.baseUrl(),
        r.keyLabels.fingerprint(call.apiKey()), r.keyLabels.mask(call.apiKey()), request.model(), status, result,
        firstByteNanos, r.nanoTime.getAsLong() - a.start(), usage, request.stream(), a.at(), detail,
        RoutingHints.requestId(request));
    try {
      r.listener.onOutcome(outcome);
    } catch (RuntimeException e) {
      log.warn("[Router-Listener] outcome listener failed: {}", e.toString());
    }
  }
}
