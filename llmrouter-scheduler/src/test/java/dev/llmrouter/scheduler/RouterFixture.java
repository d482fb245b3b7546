package dev.llmrouter.scheduler;

import dev.llmrouter.api.testing.MutableClock;
import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.provider.ClientRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** A router over a scripted provider, a fake clock and recorders. */
final class RouterFixture {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedProvider provider = new ScriptedProvider("claude");
  final List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();
  final List<ChannelSnapshot> changes = new CopyOnWriteArrayList<>();
  final Router router;

  RouterFixture(RouterSettings settings, ChannelSnapshot snapshot) {
    router = Router.builder().provider(provider).snapshot(snapshot).settings(settings).clock(clock)
        .outcomeListener(outcomes::add).snapshotChangeListener(changes::add).random(new SplittableRandom(42)).build();
  }

  RouterFixture(Channel... messagesChannels) {
    this(RouterSettings.DEFAULT, snapshot(messagesChannels));
  }

  static ChannelSnapshot snapshot(Channel... messagesChannels) {
    return ChannelSnapshot.builder().channels(ApiKind.MESSAGES, List.of(messagesChannels)).build();
  }

  /** A claude channel with base URL https://{id}.example and the given keys. */
  static Channel.Builder channel(String id, String... keys) {
    return Channel.builder().id(id).name(id).serviceType("claude").baseUrl("https://" + id + ".example")
        .apiKeys(keys.length == 0 ? new String[] {"sk-" + id} : keys);
  }

  static ClientRequest request(ApiKind kind, String trace) {
    return request(kind, trace, false);
  }

  static ClientRequest request(ApiKind kind, String trace, boolean stream) {
    byte[] body = ("{\"model\":\"m\",\"stream\":" + stream + "}").getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = trace == null ? HttpHeaders.empty()
        : kind == ApiKind.MESSAGES ? HttpHeaders.of("x-claude-code-session-id", trace) : HttpHeaders.of("session_id", trace);
    return new ClientRequest(kind, "messages", "/v1/messages", null, headers, body, RoutingFields.scan(body), "m", stream);
  }

  /** Routes and closes; returns the answer (its body and metadata stay readable). */
  RoutedResponse call(ApiKind kind, String trace) {
    try (RoutedResponse r = router.route(request(kind, trace), new CancelSignal())) {
      return r;
    }
  }

  RoutedResponse call(String trace) {
    return call(ApiKind.MESSAGES, trace);
  }

  /** Channel ids called by the last n calls since {@code from}. */
  List<String> channelsSince(int from) {
    List<String> all = provider.channels();
    return all.subList(from, all.size());
  }

  int calls() {
    return provider.calls.size();
  }

  /** Every breaker permit was settled exactly once (none outstanding, none settled twice). */
  void assertSettled() {
    org.junit.jupiter.api.Assertions.assertEquals(0, router.health.outstandingPermits(), "outstanding permits");
  }

  /** Opens every breaker of a channel by recording failures directly. */
  void openBreaker(ApiKind kind, Channel c) {
    for (String key : c.apiKeys()) {
      for (String url : c.allBaseUrls()) {
        KeyBreaker b = router.health.breaker(kind, c, url, key);
        KeyBreaker.Permit p;
        while ((p = b.tryAcquire(clock.instant())) != null) b.failure(p, clock.instant());
      }
    }
  }
}
