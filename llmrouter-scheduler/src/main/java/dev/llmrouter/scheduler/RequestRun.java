package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Keys;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.http.LogUrls;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.scheduler.AttemptFailure.Stage;
import dev.llmrouter.scheduler.AttemptSettler.Settlement;
import dev.llmrouter.scheduler.ChannelSelector.Selection;
import dev.llmrouter.scheduler.FailoverPolicy.Action;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through the channels: channel loop, base URL loop, key loop, each attempt
 * classified once and settled once (breaker permit, cooldowns, outcome). It only executes: every
 * "what next" (next key, base URL or channel, stop, and what the client gets) is the
 * {@link FailoverPolicy}'s.
 *
 * <p>The loops are a cursor, so that a caller may make some attempts itself ({@link Routing}):
 * {@link #next()} moves to the next attempt and takes its permit; the attempt is then made here
 * ({@link #make}) or by the caller, who gives back its answer ({@link #complete}) or its failure
 * ({@link #failedToOpen}); either way the same code classifies and settles it, and says whether the
 * client is answered or the run goes on. {@link #run()} loops over both until there is an answer.
 * The settling itself is {@link AttemptSettler}'s, and the answers the run makes without an
 * upstream success are {@link LocalAnswers}'.
 * Not thread-safe; one per request, used by one thread at a time.
 */
final class RequestRun {
  private static final Logger log = LoggerFactory.getLogger(RequestRun.class);

  /** One attempt's channel, base URL, key and breaker permit. */
  record Attempt(Channel channel, String baseUrl, String key, KeyBreaker breaker, KeyBreaker.Permit permit,
      UpstreamCall call, Instant at, long start) {
    /**
     * This attempt with its call's request replaced by {@code bodyless}, that request
     * {@linkplain ClientRequest#withoutBody() without body}: the run and the attempt it holds until
     * a stream ends share one copy.
     */
    Attempt withoutBody(ClientRequest bodyless) {
      UpstreamCall c = new UpstreamCall(bodyless, call.channel(), call.baseUrl(), call.apiKey(), call.model(),
          call.cancel(), call.timeouts());
      return new Attempt(channel, baseUrl, key, breaker, permit, c, at, start);
    }
  }

  /** How an attempt ended: an answer for the caller, or a decision to go on. */
  private record Step(RoutedResponse answer, boolean success, Decision decision) {
    static Step answer(RoutedResponse r, boolean success) {
      return new Step(r, success, null);
    }

    static Step next(Decision d) {
      return new Step(null, false, d);
    }
  }

  private final Router r;
  // Without its body once a stream is the client's answer (see stream()).
  private ClientRequest request;
  private final CancelSignal cancel;
  private final ChannelSnapshot snap;
  private final ApiKind kind;
  private final String trace;
  private final AttemptSettler settler;
  private final LocalAnswers answers;
  // Most requests try one channel with one key: no hash table until a second entry comes.
  private Set<String> triedChannels = Set.of();
  private Set<String> triedKeys = Set.of();
  private int attempts;
  private LocalAnswers.LastFailure last;
  // The cursor, where the three loops stand between two attempts: the channel being tried (null
  // between channels) and its state, which enter() resets.
  private Selection sel;
  private Provider provider;
  private List<String> quotaKeys;
  private Set<String> badKeys;
  private Instant now; // when the channel was picked, then the clock after each of its attempts
  private Iterator<String> urls;
  private String url;
  private Iterator<String> keys; // the base URL's keys; null: take the next base URL
  private Attempt pending; // given by next(), not made yet
  private RoutedResponse answer; // the client's, once the run is over

  RequestRun(Router router, ClientRequest request, CancelSignal cancel, ChannelSnapshot snap) {
    this.r = router;
    this.request = request;
    this.cancel = cancel;
    this.snap = snap;
    this.kind = request.kind();
    this.trace = ChannelSelector.traceKey(request);
    this.settler = new AttemptSettler(router, kind);
    this.answers = new LocalAnswers(router, snap, kind);
  }

  /**
   * Runs the rest: makes the attempt {@link #next()} gave, if it is not made yet, then every next one
   * on this thread until one answers.
   */
  RoutedResponse run() {
    Attempt a = pending != null ? pending : next();
    while (a != null) {
      RoutedResponse answered = make(a);
      if (answered != null) return answered;
      a = next();
    }
    return answer;
  }

  /**
   * Moves to the next attempt, with its breaker permit taken and counted; null when none is left or
   * the run is over, and then {@link #answer()} is the client's answer. The channel loop checks the
   * cancel signal at its top and the key loop before each key.
   *
   * @throws IllegalStateException when the attempt it gave last is not made yet
   */
  Attempt next() {
    if (pending != null) throw new IllegalStateException("the attempt next() gave last is not made yet");
    while (answer == null) {
      if (sel == null) {
        if (cancel.isCancelled()) {
          end(answers.cancelled(null, attempts));
          break;
        }
        Instant pickedAt = r.clock.instant();
        Selection s = r.selector.select(snap.channels(kind), request, trace, triedChannels, pickedAt);
        if (s == null) {
          end(answers.allFailed(request, last, triedChannels, triedKeys, attempts));
          break;
        }
        if (log.isDebugEnabled()) {
          log.debug("[Scheduler-Select] kind={} channel={} reason={} forced={}", kind.pathName(), s.channel().id(),
              s.reason().wire, s.forced());
        }
        triedChannels = plus(triedChannels, s.channel().id());
        enter(s, pickedAt);
      }
      Channel c = sel.channel();
      if (keys == null) {
        if (!urls.hasNext()) {
          sel = null; // the next channel
          continue;
        }
        url = urls.next();
        // The keys' order is read when their base URL is reached, with the clock of the last attempt.
        keys = r.health.keyOrder(kind, c, now).iterator();
      }
      if (!keys.hasNext()) {
        keys = null;
        continue;
      }
      String key = keys.next();
      if (badKeys.contains(key)) continue;
      if (!pinnedKeyAllows(c, key)) continue;
      if (cancel.isCancelled()) {
        end(answers.cancelled(c, attempts));
        break;
      }
      KeyBreaker breaker = r.health.breaker(kind, c, url, key);
      KeyBreaker.Permit permit = breaker.tryAcquire(now);
      if (permit == null) {
        if (!r.policy.probeOpenBreaker(sel.forced())) continue;
        permit = breaker.force();
      }
      attempts++;
      triedKeys = plus(triedKeys, key);
      UpstreamCall call = new UpstreamCall(request, c, url, key, c.mapModel(request.model()), cancel,
          r.settings.timeouts());
      pending = new Attempt(c, url, key, breaker, permit, call, now, r.nanoTime.getAsLong());
      return pending;
    }
    return null;
  }

  /**
   * Starts on a channel picked at {@code pickedAt}: the time until its first attempt (nothing waits
   * before it); the clock is read again after each attempt.
   */
  private void enter(Selection s, Instant pickedAt) {
    sel = s;
    provider = r.providers.get(s.channel().serviceType());
    quotaKeys = null;
    badKeys = Set.of();
    now = pickedAt;
    urls = r.health.urlOrder(kind, s.channel(), now).iterator();
    keys = null;
  }

  /** Ends the run with the client's answer. */
  private RoutedResponse end(RoutedResponse a) {
    sel = null;
    answer = a;
    return a;
  }

  /** The client's answer once the run is over; never null then. */
  RoutedResponse answer() {
    if (answer == null) throw new IllegalStateException("no answer yet: next() has attempts left");
    return answer;
  }

  /** The provider of the channel being tried: the one of the attempt {@link #next()} gave last. */
  Provider provider() {
    return provider;
  }

  /** Makes the attempt {@link #next()} gave through its channel's provider, on this thread. */
  RoutedResponse make(Attempt a) {
    take(a, null);
    return made(a, attempt(a, provider));
  }

  /** The caller made the attempt {@link #next()} gave and has the upstream's answer, which it hands over. */
  RoutedResponse complete(Attempt a, UpstreamExchange ex) {
    take(a, ex);
    return made(a, answered(a, ex));
  }

  /** The caller's attempt failed before any answer, as when {@link Provider#open} throws. */
  RoutedResponse failedToOpen(Attempt a, IOException e) {
    take(a, null);
    return made(a, openFailed(a, e));
  }

  /**
   * Marks {@code a} as made.
   *
   * @param ex the upstream answer handed over with it, closed when {@code a} cannot be taken; or null
   * @throws IllegalStateException when {@code a} is not the attempt next() gave last, or was made already
   */
  private void take(Attempt a, UpstreamExchange ex) {
    if (a != null && a == pending) {
      pending = null;
      return;
    }
    if (ex != null) ex.close();
    throw new IllegalStateException("not the attempt next() gave last, or one made already");
  }

  /**
   * What follows an attempt: the client's answer, which ends the run, or null to go on with
   * {@link #next()} (next key, next base URL or next channel, as the step's decision says).
   */
  private RoutedResponse made(Attempt a, Step step) {
    Channel c = a.channel();
    String key = a.key();
    if (step.answer() != null) {
      if (step.success()) succeeded(c, key, quotaKeys);
      return end(step.answer());
    }
    now = r.clock.instant();
    Decision d = step.decision();
    if (d.action() == Action.CANCELLED) return end(answers.cancelled(c, attempts));
    log.warn("[Router-Failover] request={} kind={} channel={} ({}) url={} key={} reason={} next={}",
        RoutingHints.requestId(request), kind.pathName(), c.displayName(), c.id(), LogUrls.redact(a.baseUrl()),
        Keys.mask(key), d.reason(), d.action());
    if (d.quota()) {
      if (quotaKeys == null) quotaKeys = new ArrayList<>(2);
      quotaKeys.add(key);
    }
    if (d.action() == Action.NEXT_KEY) {
      badKeys = plus(badKeys, key);
    } else if (d.action() == Action.NEXT_BASE_URL) {
      keys = null;
    } else {
      sel = null; // the next channel
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
      return failed(a, AttemptFailure.clientRequest(e), null, -1, null);
    } catch (IOException e) {
      return openFailed(a, e);
    } catch (RuntimeException e) {
      return internal(a, e);
    }
    return answered(a, ex);
  }

  /** An attempt whose call failed before any answer (connect, send, or waiting for the headers). */
  private Step openFailed(Attempt a, IOException e) {
    return failed(a, AttemptFailure.io(Stage.OPEN, 0, e, cancel.isCancelled()), null, -1, null);
  }

  /** Classifies the upstream's answer to an attempt; {@code ex} is this run's to close or to hand on. */
  private Step answered(Attempt a, UpstreamExchange ex) {
    if (!ex.isSuccessful()) return upstreamError(a, ex);
    if (!ex.isStream()) return buffered(a, ex);
    return stream(a, ex);
  }

  private Step upstreamError(Attempt a, UpstreamExchange ex) {
    try (ex) {
      AttemptFailure f = AttemptFailure.status(ex.status(), ex.errorBody(), ex.clientErrorBody(),
          snap.fuzzyModeEnabled());
      return failed(a, f, RetryAfter.parse(ex.headers(), r.clock.instant()), ex.headersNanos(), ex);
    }
  }

  private Step buffered(Attempt a, UpstreamExchange ex) {
    try (ex) {
      byte[] body = ex.body();
      if (r.policy.isErrorBody(body)) {
        return failed(a, AttemptFailure.errorBody(ex.status(), body), null, ex.headersNanos(), ex);
      }
      settler.success(a, request, ex.status(), ex.headersNanos(), ex.usage());
      return Step.answer(RoutedResponse.buffered(ex, body, a.channel(), attempts)
          .withKeyFingerprint(r.keyLabels.fingerprint(a.key())), true);
    } catch (IOException e) {
      // Nothing reached the client yet: a body that cannot be read may still fail over.
      return failed(a, AttemptFailure.io(Stage.BODY, ex.status(), e, cancel.isCancelled()), null, ex.headersNanos(),
          null);
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
      return failed(a, AttemptFailure.io(Stage.STREAM, ex.status(), e, cancel.isCancelled()), null,
          ex.headersNanos(), null);
    } catch (RuntimeException e) {
      ex.close();
      return internal(a, e);
    }
    long firstByte = r.nanoTime.getAsLong() - a.start();
    if (first == null || first.error()) {
      ex.close();
      Stage stage = first == null ? Stage.EMPTY_STREAM : Stage.IN_BAND_ERROR;
      return failed(a, AttemptFailure.stream(stage, ex.status()), null, firstByte, null);
    }
    // This stream is the client's answer: no other attempt will send the request again. What stays
    // until the stream ends (this run, the attempt settled then) keeps the request without its body,
    // which a coding agent's request makes tens to hundreds of kilobytes per open stream.
    request = request.withoutBody();
    Attempt held = a.withoutBody(request);
    RoutedResponse.Settlement settlement = (x, completed, gone) -> {
      Decision d = r.policy.streamEnded(x.failure(), completed, gone);
      if (d.action() == Action.SUCCESS) {
        settler.success(held, request, x.status(), firstByte, x.usage());
      } else {
        settler.failure(held, request, new Settlement(d, x.status(), null, firstByte, x.usage(), d.reason()));
      }
    };
    return Step.answer(RoutedResponse.stream(ex, first, settlement, a.channel(), attempts)
        .withKeyFingerprint(r.keyLabels.fingerprint(a.key())), true);
  }

  /** A problem of ours (such as a conversion bug): not the channel's fault, try the next channel. */
  private Step internal(Attempt a, RuntimeException e) {
    log.error("[Router-Internal] kind={} channel={} attempt failed inside the router", kind.pathName(),
        a.channel().id(), e);
    return failed(a, AttemptFailure.internal(e), null, -1, null);
  }

  /**
   * Settles an attempt that did not succeed as the policy decides, and answers the client or goes
   * on. The last upstream failure is kept for the all-failed answer.
   *
   * @param retryAfter the upstream's retry-after, or null
   * @param answer the upstream answer whose headers go with a relayed error, or null
   */
  private Step failed(Attempt a, AttemptFailure f, Duration retryAfter, long firstByteNanos, UpstreamExchange answer) {
    Decision d = r.policy.decide(f);
    settler.failure(a, request, new Settlement(d, f.status(), retryAfter, firstByteNanos, Usage.NONE, f.detail(d)));
    HttpHeaders headers = answer == null ? HttpHeaders.empty() : answer.headers();
    String contentType = answer == null ? null : answer.contentType();
    if (d.action() == Action.RETURN_TO_CLIENT) {
      return Step.answer(answers.respond(r.policy.answer(f), headers, contentType, f.clientBody(), a.channel(),
          attempts), false);
    }
    if (f.upstream() && d.action() != Action.CANCELLED) {
      last = new LocalAnswers.LastFailure(f, d, headers, contentType, a.channel());
    }
    return Step.next(d);
  }
}
