package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.http.LogUrls;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.scheduler.ChannelSelector.Selection;
import dev.llmrouter.scheduler.FailoverPolicy.Action;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through the channels: channel loop, base URL loop, key loop, each attempt
 * classified once and settled once (breaker permit, cooldowns, outcome). Not thread-safe; one per
 * request, on the request's thread.
 */
final class RequestRun {
  private static final Logger log = LoggerFactory.getLogger(RequestRun.class);

  /** One attempt's channel, base URL, key and breaker permit. */
  private record Attempt(Channel channel, String baseUrl, String key, KeyBreaker breaker, KeyBreaker.Permit permit,
      UpstreamCall call, Instant at, long start) {}

  /** How an attempt ended: an answer for the caller, or a decision to go on. */
  private record Step(RoutedResponse answer, boolean success, Decision decision) {
    static Step answer(RoutedResponse r, boolean success) {
      return new Step(r, success, null);
    }

    static Step next(Decision d) {
      return new Step(null, false, d);
    }
  }

  /** The last failed attempt, for the answer when every channel fails. */
  private record Failure(Decision decision, int status, HttpHeaders headers, String contentType, byte[] clientBody,
      boolean timeout, Channel channel) {}

  private final Router r;
  private final ClientRequest request;
  private final CancelSignal cancel;
  private final ChannelSnapshot snap;
  private final ApiKind kind;
  private final Protocol protocol;
  private final String trace;
  // Most requests try one channel with one key: no hash table until a second entry comes.
  private Set<String> triedChannels = Set.of();
  private Set<String> triedKeys = Set.of();
  private int attempts;
  private Failure last;

  RequestRun(Router router, ClientRequest request, CancelSignal cancel, ChannelSnapshot snap) {
    this.r = router;
    this.request = request;
    this.cancel = cancel;
    this.snap = snap;
    this.kind = request.kind();
    this.protocol = kind.protocol();
    this.trace = ChannelSelector.traceKey(request);
  }

  RoutedResponse run() {
    while (true) {
      if (cancel.isCancelled()) return cancelled(null);
      Instant now = r.clock.instant();
      Selection sel = r.selector.select(snap.channels(kind), request, trace, triedChannels, now);
      if (sel == null) break;
      if (log.isDebugEnabled()) {
        log.debug("[Scheduler-Select] kind={} channel={} reason={} forced={}", kind.pathName(), sel.channel().id(),
            sel.reason().wire, sel.forced());
      }
      triedChannels = plus(triedChannels, sel.channel().id());
      RoutedResponse answer = tryChannel(sel, now);
      if (answer != null) return answer;
    }
    return allFailed();
  }

  /**
   * Tries a channel's base URLs and keys; null when the request should go on to the next channel.
   *
   * @param pickedAt when the channel was picked: the time until the first attempt (nothing waits
   *     before it); the clock is read again after each attempt
   */
  private RoutedResponse tryChannel(Selection sel, Instant pickedAt) {
    Channel c = sel.channel();
    Provider provider = r.providers.get(c.serviceType());
    List<String> quotaKeys = null;
    Set<String> badKeys = Set.of();
    Instant now = pickedAt;
    for (String url : r.health.urlOrder(kind, c, now)) {
      for (String key : r.health.keyOrder(kind, c, now)) {
        if (badKeys.contains(key)) continue;
        if (!pinnedKeyAllows(c, key)) continue;
        if (cancel.isCancelled()) return cancelled(c);
        KeyBreaker breaker = r.health.breaker(kind, c, url, key);
        KeyBreaker.Permit permit = breaker.tryAcquire(now);
        if (permit == null) {
          if (!sel.forced()) continue;
          permit = breaker.force();
        }
        attempts++;
        triedKeys = plus(triedKeys, key);
        UpstreamCall call = new UpstreamCall(request, c, url, key, c.mapModel(request.model()), cancel,
            r.settings.timeouts());
        Step step = attempt(new Attempt(c, url, key, breaker, permit, call, now,
            r.nanoTime.getAsLong()), provider);
        if (step.answer() != null) {
          if (step.success()) succeeded(c, key, quotaKeys);
          return step.answer();
        }
        now = r.clock.instant();
        Decision d = step.decision();
        if (d.action() == Action.CANCELLED) return cancelled(c);
        log.warn("[Router-Failover] request={} kind={} channel={} ({}) url={} key={} reason={} next={}",
            RoutingHints.requestId(request), kind.pathName(), c.displayName(), c.id(), LogUrls.redact(url),
            Keys.mask(key), d.reason(), d.action());
        if (d.quota()) {
          if (quotaKeys == null) quotaKeys = new ArrayList<>(2);
          quotaKeys.add(key);
        }
        if (d.action() == Action.NEXT_KEY) {
          badKeys = plus(badKeys, key);
          continue;
        }
        if (d.action() == Action.NEXT_BASE_URL) break;
        return null;
      }
    }
    return null;
  }

  /** {@code set} with {@code value} added; a set of one is immutable and is replaced by a hash set. */
  private static Set<String> plus(Set<String> set, String value) {
    if (set.isEmpty()) return Set.of(value);
    if (set.contains(value)) return set;
    Set<String> grown = set instanceof HashSet ? set : new HashSet<>(set);
    grown.add(value);
    return grown;
  }

  /** A request pinned to a key of this channel uses that key only (when the channel still has it). */
  private boolean pinnedKeyAllows(Channel c, String key) {
    String fp = RoutingHints.pinnedKey(request);
    if (fp == null || !c.id().equals(RoutingHints.pinnedChannel(request))) return true;
    boolean present = false;
    for (String k : c.apiKeys()) present |= r.keyLabels.fingerprint(k).equals(fp);
    return !present || r.keyLabels.fingerprint(key).equals(fp);
  }

  /** Binds the trace and moves the keys that failed for quota in this request (null: none) to the end. */
  private void succeeded(Channel c, String key, List<String> quotaKeys) {
    if (trace != null) r.affinity.bind(kind, trace, c.id(), r.clock.instant());
    if (quotaKeys == null) return;
    quotaKeys.remove(key);
    if (!quotaKeys.isEmpty()) r.demote(kind, c.id(), quotaKeys);
  }

  private Step attempt(Attempt a, Provider provider) {
    UpstreamExchange ex;
    try {
      ex = provider.open(a.call());
    } catch (ClientRequestException e) {
      settle(a, Result.CLIENT_ERROR, null, 0, null, -1, Usage.NONE, "client request: " + e.type());
      return Step.answer(localError(e.status(), e.type(), e.getMessage(), a.channel()), false);
    } catch (IOException e) {
      Decision d = r.policy.classify(e, cancel.isCancelled());
      if (d.action() == Action.CANCELLED) {
        settle(a, Result.CANCELLED, d, 0, null, -1, Usage.NONE, d.reason());
        return Step.next(d);
      }
      settle(a, Result.FAILURE, d, 0, null, -1, Usage.NONE, d.reason());
      last = new Failure(d, 0, HttpHeaders.empty(), null, null, FailoverPolicy.isTimeout(e), a.channel());
      return Step.next(d);
    } catch (RuntimeException e) {
      return internal(a, e);
    }
    if (!ex.isSuccessful()) return upstreamError(a, ex);
    if (!ex.isStream()) return buffered(a, ex);
    return stream(a, ex);
  }

  private Step upstreamError(Attempt a, UpstreamExchange ex) {
    try (ex) {
      int status = ex.status();
      Decision d = r.policy.classify(status, ex.errorBody(), snap.fuzzyModeEnabled());
      Duration retryAfter = RetryAfter.parse(ex.headers(), r.clock.instant());
      if (d.action() == Action.RETURN_TO_CLIENT) {
        settle(a, Result.CLIENT_ERROR, d, status, null, ex.headersNanos(), Usage.NONE, d.reason());
        return Step.answer(RoutedResponse.local(status, ex.headers(), ex.contentType(), ex.clientErrorBody(),
            a.channel(), attempts), false);
      }
      settle(a, d.channelFault() ? Result.FAILURE : Result.CLIENT_ERROR, d, status, retryAfter, ex.headersNanos(),
          Usage.NONE, d.reason());
      last = new Failure(d, status, ex.headers(), ex.contentType(), ex.clientErrorBody(), false, a.channel());
      return Step.next(d);
    }
  }

  private Step buffered(Attempt a, UpstreamExchange ex) {
    try (ex) {
      byte[] body = ex.body();
      if (r.policy.isErrorBody(body)) {
        Decision d = r.policy.errorBody();
        settle(a, Result.FAILURE, d, ex.status(), null, ex.headersNanos(), Usage.NONE, d.reason());
        last = new Failure(d, 502, ex.headers(), ex.contentType(), body, false, a.channel());
        return Step.next(d);
      }
      settle(a, Result.SUCCESS, null, ex.status(), null, ex.headersNanos(), ex.usage(), null);
      return Step.answer(RoutedResponse.buffered(ex, body, a.channel(), attempts)
          .withKeyFingerprint(r.keyLabels.fingerprint(a.key())), true);
    } catch (IOException e) {
      // Nothing reached the client yet: a body that cannot be read may still fail over.
      Decision d = r.policy.classify(e, cancel.isCancelled());
      Result result = d.action() == Action.CANCELLED ? Result.CANCELLED : Result.FAILURE;
      settle(a, result, d, ex.status(), null, ex.headersNanos(), Usage.NONE, "body: " + d.reason());
      if (result == Result.FAILURE) {
        last = new Failure(d, 0, HttpHeaders.empty(), null, null, FailoverPolicy.isTimeout(e), a.channel());
      }
      return Step.next(d);
    } catch (RuntimeException e) {
      return internal(a, e);
    }
  }

  private Step stream(Attempt a, UpstreamExchange ex) {
    StreamFrame first;
    try {
      first = ex.nextFrame();
    } catch (IOException e) {
      ex.close();
      Decision d = r.policy.classify(e, cancel.isCancelled());
      Result result = d.action() == Action.CANCELLED ? Result.CANCELLED : Result.FAILURE;
      settle(a, result, d, ex.status(), null, ex.headersNanos(), Usage.NONE, "stream: " + d.reason());
      if (result == Result.FAILURE) {
        last = new Failure(d, 0, HttpHeaders.empty(), null, null, FailoverPolicy.isTimeout(e), a.channel());
      }
      return Step.next(d);
    } catch (RuntimeException e) {
      ex.close();
      return internal(a, e);
    }
    long firstByte = r.nanoTime.getAsLong() - a.start();
    if (first == null || first.error()) {
      ex.close();
      Decision d = first == null
          ? new Decision(Action.NEXT_BASE_URL, false, true, "empty stream") : r.policy.inBandError();
      settle(a, Result.FAILURE, d, ex.status(), null, firstByte, Usage.NONE, d.reason());
      last = new Failure(d, 0, HttpHeaders.empty(), null, null, false, a.channel());
      return Step.next(d);
    }
    RoutedResponse.Settlement settlement = (x, completed, gone) -> {
      Result result = gone ? Result.CANCELLED
          : x.failure() != null || !completed ? Result.FAILURE : Result.SUCCESS;
      String detail = result == Result.FAILURE ? (x.failure() != null ? x.failure() : "stream not read to its end")
          : result == Result.CANCELLED ? "client went away" : null;
      settle(a, result, null, x.status(), null, firstByte, x.usage(), detail);
    };
    return Step.answer(RoutedResponse.stream(ex, first, settlement, a.channel(), attempts)
        .withKeyFingerprint(r.keyLabels.fingerprint(a.key())), true);
  }

  /** A problem of ours (such as a conversion bug): not the channel's fault, try the next channel. */
  private Step internal(Attempt a, RuntimeException e) {
    Decision d = r.policy.internalError(e);
    log.error("[Router-Internal] kind={} channel={} attempt failed inside the router", kind.pathName(),
        a.channel().id(), e);
    settle(a, Result.CLIENT_ERROR, d, 0, null, -1, Usage.NONE, d.reason());
    return Step.next(d);
  }

  /**
   * Settles an attempt exactly once: its breaker permit, the key and base URL cooldowns, and the
   * outcome event.
   */
  private void settle(Attempt a, Result result, Decision d, int status, Duration retryAfter, long firstByteNanos,
      Usage usage, String detail) {
    Instant now = r.clock.instant();
    try {
      switch (result) {
        case SUCCESS:
          a.breaker().success(a.permit());
          if (r.sync != null && !a.permit().forced()) {
            r.sync.outcome(kind, a.channel(), a.baseUrl(), a.key(), true, now);
          }
          r.health.keySucceeded(kind, a.channel(), a.key());
          r.health.urlSucceeded(kind, a.channel(), a.baseUrl());
          break;
        case FAILURE:
          a.breaker().failure(a.permit(), now);
          if (r.sync != null && !a.permit().forced()) {
            r.sync.outcome(kind, a.channel(), a.baseUrl(), a.key(), false, now);
          }
          if (d != null && d.action() == Action.NEXT_KEY) {
            r.health.keyFailed(kind, a.channel(), a.key(), retryAfter, now);
          } else if (d != null) {
            r.health.urlFailed(kind, a.channel(), a.baseUrl(), retryAfter, now);
          }
          break;
        default:
          a.breaker().release(a.permit());
      }
    } finally {
      report(a, status, result, firstByteNanos, usage, detail);
    }
  }

  private void report(Attempt a, int status, Result result, long firstByteNanos, Usage usage, String detail) {
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

  private RoutedResponse cancelled(Channel c) {
    return localError(503, ErrorType.OVERLOADED, "the client went away", c);
  }

  /** The one answer when every channel failed, in the client's protocol. */
  private RoutedResponse allFailed() {
    if (last == null) {
      String message = snap.channels(kind).isEmpty()
          ? "no " + kind.pathName() + " channel is configured"
          : "no active " + kind.pathName() + " channel with keys is available";
      log.warn("[Router-AllFailed] request={} kind={} model={}: {}", RoutingHints.requestId(request),
          kind.pathName(), request.model(), message);
      return localError(503, ErrorType.OVERLOADED, message, null);
    }
    Failure f = last;
    log.warn("[Router-AllFailed] request={} kind={} model={}: {} channel(s) failed after {} upstream call(s); "
        + "last: channel={} status={} reason={}", RoutingHints.requestId(request), kind.pathName(), request.model(),
        triedChannels.size(), attempts, f.channel() == null ? "-" : f.channel().displayName(), f.status(),
        f.decision().reason());
    if (relayable(f)) {
      int status = f.status() == 429 ? 429 : f.status() == 503 || f.status() == 529 ? 503
          : f.status() >= 500 ? 502 : f.status();
      return RoutedResponse.local(status, withRetryAfter(f.headers(), status), f.contentType(), f.clientBody(),
          f.channel(), attempts);
    }
    String message = "all " + triedChannels.size() + " " + kind.pathName() + " channel(s) failed after " + attempts
        + " upstream call(s) with " + triedKeys.size() + " key(s); last error: " + f.decision().reason();
    int status;
    ErrorType type;
    if (f.timeout()) {
      status = 504;
      type = ErrorType.TIMEOUT;
    } else if (f.status() == 429) {
      status = 429;
      type = ErrorType.RATE_LIMIT;
    } else if (f.status() == 503 || f.status() == 529) {
      status = 503;
      type = ErrorType.OVERLOADED;
    } else {
      status = 502;
      type = ErrorType.UPSTREAM;
    }
    return RoutedResponse.local(status, withRetryAfter(HttpHeaders.empty(), status), "application/json",
        ClientErrors.body(protocol, status, type, message), f.channel(), attempts);
  }

  /**
   * An upstream error body may go to the client as it is when it is JSON in the client's protocol
   * (the provider renders it so) and says something the client can act on: a rate limit, an
   * upstream outage, or a client error that fuzzy mode sent on. Key and quota failures of our own
   * accounts are not relayed: a 401 would make the client think its own key is wrong.
   */
  private static boolean relayable(Failure f) {
    if (f.status() == 0 || f.clientBody() == null || f.clientBody().length == 0) return false;
    boolean fits = f.status() == 429 || f.status() >= 500 || !f.decision().channelFault();
    if (!fits) return false;
    try {
      Json.parse(f.clientBody());
      return true;
    } catch (MalformedJsonException e) {
      return false;
    }
  }

  /** Adds {@code retry-after} to a 429 that lacks one: when the first tried key rests no more. */
  private HttpHeaders withRetryAfter(HttpHeaders headers, int status) {
    if (status != 429 || headers.get("retry-after") != null) return headers;
    Instant now = r.clock.instant();
    Instant soonest = null;
    for (Channel c : snap.channels(kind)) {
      if (!triedChannels.contains(c.id())) continue;
      for (String key : c.apiKeys()) {
        ChannelHealth.Cooldown cd = r.health.keyCooldown(kind, c, key, now);
        if (cd != null && (soonest == null || cd.until.isBefore(soonest))) soonest = cd.until;
      }
    }
    long seconds = soonest == null ? 1 : Math.max(1, (Duration.between(now, soonest).toMillis() + 999) / 1000);
    return headers.toBuilder().set("retry-after", Long.toString(seconds)).build();
  }

  private RoutedResponse localError(int status, ErrorType type, String message, Channel c) {
    return RoutedResponse.local(status, HttpHeaders.empty(), "application/json",
        ClientErrors.body(protocol, status, type, message), c, attempts);
  }
}
