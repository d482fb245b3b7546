package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.scheduler.FailoverPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers a {@link RequestRun} gives its client when it stops without an upstream success, as
 * the {@link FailoverPolicy}'s {@link ClientAnswer} says: an upstream error relayed (its headers,
 * content type and body as the client's protocol renders it), or the router's own error in the
 * client's protocol; for a client gone, and the one answer when every channel failed (with a
 * {@code retry-after} on a 429 that lacks one). These are {@linkplain RoutedResponse#local local}
 * answers: no upstream answer is held.
 *
 * <p>Immutable: it holds only the router, the snapshot and the client API of its run. This class is
 * thread-safe (the router's parts it calls are).
 */
final class LocalAnswers {
  // The log lines keep the logger name they had when this was part of RequestRun.
  private static final Logger log = LoggerFactory.getLogger(RequestRun.class);

  /** The last attempt that failed upstream, with the headers of its answer, for the all-failed answer. */
  record LastFailure(AttemptFailure failure, Decision decision, HttpHeaders headers, String contentType,
      Channel channel) {}

  private final Router r;
  private final ChannelSnapshot snap;
  private final ApiKind kind;
  private final Protocol protocol;

  LocalAnswers(Router router, ChannelSnapshot snap, ApiKind kind) {
    this.r = router;
    this.snap = snap;
    this.kind = kind;
    this.protocol = kind.protocol();
  }

  /** The answer to a client gone (the run was cancelled), on channel {@code c} or none. */
  RoutedResponse cancelled(Channel c, int attempts) {
    return respond(r.policy.clientGone(), HttpHeaders.empty(), null, null, c, attempts);
  }

  /**
   * The one answer when every channel failed, in the client's protocol.
   *
   * @param last the last attempt that failed upstream, or null when none did
   * @param triedChannels the ids of the channels tried
   * @param triedKeys the keys tried
   * @param attempts the upstream calls made
   */
  RoutedResponse allFailed(ClientRequest request, LastFailure last, Set<String> triedChannels, Set<String> triedKeys,
      int attempts) {
    if (last == null) {
      ClientAnswer answer = r.policy.noChannel(kind, !snap.channels(kind).isEmpty());
      log.warn("[Router-AllFailed] request={} kind={} model={}: {}", RoutingHints.requestId(request),
          kind.pathName(), request.model(), answer.message());
      return respond(answer, HttpHeaders.empty(), null, null, null, attempts);
    }
    LastFailure f = last;
    log.warn("[Router-AllFailed] request={} kind={} model={}: {} channel(s) failed after {} upstream call(s); "
        + "last: channel={} status={} reason={}", RoutingHints.requestId(request), kind.pathName(), request.model(),
        triedChannels.size(), attempts, f.channel() == null ? "-" : f.channel().displayName(),
        FailoverPolicy.failedStatus(f.failure()), f.decision().reason());
    ClientAnswer answer = r.policy.allFailed(f.failure(), f.decision(),
        new FailoverPolicy.Tally(kind, triedChannels.size(), attempts, triedKeys.size()));
    HttpHeaders headers = withRetryAfter(answer.relay() ? f.headers() : HttpHeaders.empty(), answer.status(),
        triedChannels);
    return respond(answer, headers, f.contentType(), f.failure().clientBody(), f.channel(), attempts);
  }

  /** Adds {@code retry-after} to a 429 that lacks one: when the first tried key rests no more. */
  private HttpHeaders withRetryAfter(HttpHeaders headers, int status, Set<String> triedChannels) {
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

  /**
   * The client's answer as the policy decided it: the upstream's error relayed (its headers, content
   * type and body as the client's protocol renders it), or the router's own error in the client's
   * protocol.
   *
   * @param attempts the upstream calls made, which the answer reports
   */
  RoutedResponse respond(ClientAnswer answer, HttpHeaders headers, String contentType, byte[] upstreamBody,
      Channel c, int attempts) {
    if (answer.relay()) return RoutedResponse.local(answer.status(), headers, contentType, upstreamBody, c, attempts);
    return RoutedResponse.local(answer.status(), headers, "application/json",
        ClientErrors.body(protocol, answer.status(), answer.type(), answer.message()), c, attempts);
  }
}
