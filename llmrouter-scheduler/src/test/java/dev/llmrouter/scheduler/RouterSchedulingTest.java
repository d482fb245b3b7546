package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterSchedulingTest {
  private static final String FAIL_500 = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";

  /** Makes the trace stick to {@code b}: its first channel fails once, so the trace rebinds to b. */
  private static void failOnceThenServe(RouterFixture f, String failingKey) {
    int[] left = {1};
    f.provider.answer(failingKey, call -> left[0]-- > 0 ? FakeExchange.error(500, FAIL_500) : FakeExchange.ok("{}"));
  }

  @Test
  void affinityHonouredAndReboundAfterFailover() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    failOnceThenServe(f, "sk-a");
    assertEquals(200, f.call("trace-1").status());
    assertEquals(List.of("a", "b"), f.provider.channels());
    assertEquals(b, f.call("trace-1").channel(), "the trace now sticks to the channel that served it");
    assertEquals(a, f.call("other-trace").channel(), "other traces follow priority");
    assertEquals(a, f.call(null).channel());
    assertEquals(List.of("a", "b", "b", "a", "a"), f.provider.channels());
    f.assertSettled();
  }

  @Test
  void affinityExpiresThirtyMinutesAfterLastUse() {
    RouterFixture f = new RouterFixture(channel("a").priority(1).build(), channel("b").priority(2).build());
    failOnceThenServe(f, "sk-a");
    f.call("t");
    f.clock.advance(Duration.ofMinutes(29));
    assertEquals("b", f.call("t").channel().id(), "still bound, and renewed by this use");
    f.clock.advance(Duration.ofMinutes(29));
    assertEquals("b", f.call("t").channel().id());
    f.clock.advance(Duration.ofMinutes(30));
    assertEquals("a", f.call("t").channel().id(), "expired: priority again");
    f.assertSettled();
  }

  @Test
  void affinityIsOnlyUsedWhileTheChannelIsHealthy() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    failOnceThenServe(f, "sk-a");
    f.call("t");
    f.openBreaker(ApiKind.MESSAGES, b);
    assertEquals("a", f.call("t").channel().id());
    assertEquals("a", f.call("t").channel().id(), "the success on a rebound the trace");
    f.assertSettled();
  }

  @Test
  void affinityEvictsTheLeastRecentlyUsedTraceAtCapacity() {
    TraceAffinity affinity = new TraceAffinity(Duration.ofMinutes(30), 2);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    affinity.bind(ApiKind.MESSAGES, "t1", "a", now);
    affinity.bind(ApiKind.MESSAGES, "t2", "a", now);
    assertEquals("a", affinity.get(ApiKind.MESSAGES, "t1", now)); // t1 is now the most recently used
    affinity.bind(ApiKind.MESSAGES, "t3", "b", now);
    assertNull(affinity.get(ApiKind.MESSAGES, "t2", now));
    assertEquals("a", affinity.get(ApiKind.MESSAGES, "t1", now));
    assertEquals("b", affinity.get(ApiKind.MESSAGES, "t3", now));
    assertEquals(2, affinity.size(ApiKind.MESSAGES, now));
    for (int i = 0; i < 100_000; i++) affinity.bind(ApiKind.MESSAGES, "user-" + i, "a", now);
    assertEquals(2, affinity.size(ApiKind.MESSAGES, now), "memory stays flat");
  }

  @Test
  void affinityCapacityIsHonouredThroughTheRouter() {
    RouterSettings s = RouterSettings.builder().affinityCapacity(1).build();
    RouterFixture f = new RouterFixture(s, snapshot(channel("a").priority(1).build(), channel("b").priority(2).build()));
    failOnceThenServe(f, "sk-a");
    f.call("t1");
    f.call("t2"); // served by a: binds t2 to a and evicts t1
    assertEquals("a", f.call("t1").channel().id());
    assertEquals(1, f.router.affinity.size(ApiKind.MESSAGES, f.clock.instant()));
    f.assertSettled();
  }

  @Test
  void affinityDroppedWhenItsChannelIsDisabledSuspendedOrDeleted() {
    for (ChannelStatus status : new ChannelStatus[] {ChannelStatus.DISABLED, ChannelStatus.SUSPENDED, null}) {
      Channel a = channel("a").priority(1).build();
      Channel b = channel("b").priority(2).build();
      RouterFixture f = new RouterFixture(a, b);
      failOnceThenServe(f, "sk-a");
      f.call("t");
      assertEquals(1, f.router.affinity.count(ApiKind.MESSAGES, "b", f.clock.instant()));
      f.router.setSnapshot(status == null ? snapshot(a) : snapshot(a, b.toBuilder().status(status).build()));
      assertEquals(0, f.router.affinity.count(ApiKind.MESSAGES, "b", f.clock.instant()), "status " + status);
      f.router.setSnapshot(snapshot(a, b));
      assertEquals("a", f.call("t").channel().id(), "status " + status);
      f.assertSettled();
    }
  }

  @Test
  void affinityIsSeparatePerKind() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    ChannelSnapshot snap = ChannelSnapshot.builder().channels(ApiKind.MESSAGES, List.of(a, b))
        .channels(ApiKind.RESPONSES, List.of(a, b)).build();
    RouterFixture f = new RouterFixture(RouterSettings.DEFAULT, snap);
    failOnceThenServe(f, "sk-a");
    assertEquals("b", f.call(ApiKind.MESSAGES, "t").channel().id());
    assertEquals("a", f.call(ApiKind.RESPONSES, "t").channel().id(), "the messages binding does not apply");
    assertEquals("b", f.call(ApiKind.MESSAGES, "t").channel().id());
    f.assertSettled();
  }

  @Test
  void traceKeysComeFromTheSessionSignals() {
    byte[] body = "{\"model\":\"m\",\"metadata\":{\"user_id\":\"u1\"},\"prompt_cache_key\":\"pck\"}".getBytes();
    dev.llmrouter.api.json.RoutingFields fields = dev.llmrouter.api.json.RoutingFields.scan(body);
    dev.llmrouter.api.http.HttpHeaders none = dev.llmrouter.api.http.HttpHeaders.empty();
    dev.llmrouter.api.http.HttpHeaders session = dev.llmrouter.api.http.HttpHeaders.of(
        "X-Claude-Code-Session-Id", "cc", "session_id", "sid", "conversation_id", "cid");
    assertEquals("cc", ChannelSelector.traceKey(req(ApiKind.MESSAGES, session, body, fields)));
    assertEquals("u1", ChannelSelector.traceKey(req(ApiKind.MESSAGES, none, body, fields)));
    assertEquals("cid", ChannelSelector.traceKey(req(ApiKind.RESPONSES, session, body, fields)));
    assertEquals("sid", ChannelSelector.traceKey(req(ApiKind.GEMINI,
        dev.llmrouter.api.http.HttpHeaders.of("session_id", "sid"), body, fields)));
    assertEquals("pck", ChannelSelector.traceKey(req(ApiKind.RESPONSES, none, body, fields)));
    byte[] plain = "{\"model\":\"m\",\"metadata\":{\"user_id\":\"u1\"}}".getBytes();
    assertEquals("u1", ChannelSelector.traceKey(req(ApiKind.GEMINI, none, plain,
        dev.llmrouter.api.json.RoutingFields.scan(plain))));
  }

  private static dev.llmrouter.api.provider.ClientRequest req(ApiKind kind, dev.llmrouter.api.http.HttpHeaders h,
      byte[] body, dev.llmrouter.api.json.RoutingFields fields) {
    return new dev.llmrouter.api.provider.ClientRequest(kind, "x", "/x", null, h, body, fields, "m", false);
  }

  @Test
  void promotionBeatsAffinityAndOpenBreakers() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    Channel c = channel("c").priority(3).build();
    RouterFixture f = new RouterFixture(a, b, c);
    failOnceThenServe(f, "sk-a");
    f.call("t"); // t -> b
    f.openBreaker(ApiKind.MESSAGES, c);
    f.router.setSnapshot(snapshot(a, b, c.toBuilder().promotionUntil(f.clock.instant().plusSeconds(300)).build()));
    int from = f.calls();
    assertEquals("c", f.call("t").channel().id());
    assertEquals("c", f.call(null).channel().id());
    assertEquals(List.of("c", "c"), f.channelsSince(from));
    f.clock.advance(Duration.ofMinutes(5));
    assertEquals("c", f.call("t").channel().id(), "the promoted channel served t, so t stays bound to it");
    assertEquals("a", f.call(null).channel().id(), "promotion over: priority again");
    f.assertSettled();
  }

  @Test
  void promotedChannelThatFailedInThisRequestIsSkipped() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).promotionUntil(Instant.parse("2026-01-01T00:05:00Z")).build();
    RouterFixture f = new RouterFixture(a, b);
    f.provider.answer("sk-b", call -> FakeExchange.error(500, FAIL_500));
    assertEquals("a", f.call(null).channel().id());
    assertEquals(List.of("b", "a"), f.provider.channels());
    f.assertSettled();
  }

  @Test
  void expiredPromotionDoesNotBypassHealth() {
    Channel a = channel("a").priority(2).build();
    Channel b = channel("b").priority(1).promotionUntil(Instant.parse("2025-12-31T23:55:00Z")).build();
    RouterFixture f = new RouterFixture(a, b);
    f.openBreaker(ApiKind.MESSAGES, b);
    assertEquals("a", f.call(null).channel().id());
    f.assertSettled();
  }

  @Test
  void priorityOrderIsStable() {
    Channel c1 = channel("c1").priority(5).build();
    Channel c2 = channel("c2").priority(1).build();
    Channel c3 = channel("c3").priority(1).build();
    Channel c4 = channel("c4").priority(0).build();
    Channel c5 = channel("c5").priority(1).build();
    RouterFixture f = new RouterFixture(c1, c2, c3, c4, c5);
    for (String k : List.of("sk-c1", "sk-c2", "sk-c3", "sk-c4", "sk-c5")) {
      f.provider.answer(k, call -> FakeExchange.error(503, FAIL_500));
    }
    RoutedResponse r = f.call(null);
    assertEquals(List.of("c4", "c2", "c3", "c5", "c1"), f.provider.channels());
    assertEquals(5, r.attempts());
    f.assertSettled();
  }

  @Test
  void weightsSpreadTrafficInProportionWithinOnePriority() {
    Channel light = channel("light").priority(1).weight(1).build();
    Channel mid = channel("mid").priority(1).weight(2).build();
    Channel heavy = channel("heavy").priority(1).weight(7).build();
    Channel backup = channel("backup").priority(2).weight(100).build();
    RouterFixture f = new RouterFixture(light, mid, heavy, backup);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) counts.merge(f.call(null).channel().id(), 1, Integer::sum);
    assertEquals(0.10, counts.get("light") / 10_000.0, 0.05);
    assertEquals(0.20, counts.get("mid") / 10_000.0, 0.05);
    assertEquals(0.70, counts.get("heavy") / 10_000.0, 0.05);
    assertNull(counts.get("backup"), "a lower priority gets nothing while the first is healthy");
    f.assertSettled();
  }

  @Test
  void withoutWeightsTiesArePlainFailoverOrder() {
    RouterFixture f = new RouterFixture(channel("x").build(), channel("y").build());
    for (int i = 0; i < 50; i++) assertEquals("x", f.call(null).channel().id());
    f.assertSettled();
  }

  @Test
  void fallbackPicksTheLeastFailingChannelWhenAllAreUnhealthy() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    f.openBreaker(ApiKind.MESSAGES, a); // 5 of 5 failed
    KeyBreaker kb = f.router.health.breaker(ApiKind.MESSAGES, b, "https://b.example", "sk-b");
    for (int i = 0; i < 3; i++) kb.success(kb.tryAcquire(f.clock.instant()));
    for (int i = 0; i < 3; i++) kb.failure(kb.tryAcquire(f.clock.instant()), f.clock.instant()); // 3 of 6 failed
    assertEquals(KeyBreaker.State.OPEN, kb.state(f.clock.instant()));
    RoutedResponse r = f.call(null);
    assertEquals(200, r.status(), "traffic never stops");
    assertEquals("b", r.channel().id());
    assertEquals(KeyBreaker.State.CLOSED, kb.state(f.clock.instant()), "the forced success closed it");
    f.assertSettled();
  }

  @Test
  void reorderingChannelsKeepsBreakerAndAffinityState() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    Channel c = channel("c").priority(3).build();
    RouterFixture f = new RouterFixture(a, b, c);
    failOnceThenServe(f, "sk-a");
    f.call("t"); // t -> b
    f.openBreaker(ApiKind.MESSAGES, a);
    // Reorder and renumber: a and c swap places; ids stay.
    f.router.setSnapshot(snapshot(a.toBuilder().priority(3).build(), b.toBuilder().priority(2).build(),
        c.toBuilder().priority(1).build()));
    f.router.setSnapshot(snapshot(c.toBuilder().priority(1).build(), a.toBuilder().priority(1).build(),
        b.toBuilder().priority(2).build()));
    assertEquals("b", f.call("t").channel().id(), "affinity survived");
    assertEquals("c", f.call(null).channel().id());
    f.router.setSnapshot(snapshot(a.toBuilder().priority(0).build(), c));
    assertEquals("c", f.call(null).channel().id(), "a's breaker is still open");
    f.assertSettled();
  }

  @Test
  void suspendedDisabledKeylessAndUnsupportedChannelsAreNeverSelected() {
    Channel s = channel("s").status(ChannelStatus.SUSPENDED).build();
    Channel d = channel("d").status(ChannelStatus.DISABLED).build();
    Channel k = channel("k").apiKeys(List.of()).build();
    Channel o = channel("o").serviceType("openai").build();
    Channel u = channel("u").build();
    Channel ok = channel("ok").build();
    RouterFixture f = new RouterFixture(s, d, k, o, u, ok);
    f.provider.supports = r -> true;
    assertEquals("u", f.call(null).channel().id());
    f.router.setSnapshot(snapshot(s, d, k, o, ok));
    assertEquals("ok", f.call(null).channel().id());
    f.provider.supports = r -> false;
    RoutedResponse none = f.call(null);
    assertEquals(503, none.status());
    assertEquals(0, none.attempts());
    assertTrue(new String(none.body()).contains("overloaded_error"));
    f.assertSettled();
  }
}
