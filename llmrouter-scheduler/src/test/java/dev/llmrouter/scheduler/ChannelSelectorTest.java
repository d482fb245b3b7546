package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.request;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.RoutingHints;
import dev.llmrouter.scheduler.ChannelSelector.Reason;
import dev.llmrouter.scheduler.ChannelSelector.Selection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The selector's kept priority order and its walk that stops at the first healthy priority group. */
class ChannelSelectorTest {
  private static List<Channel> list(Channel... channels) {
    return List.copyOf(List.of(channels));
  }

  private static String pick(RouterFixture f, List<Channel> channels, ClientRequest request, Set<String> tried) {
    Selection s = f.router.selector.select(channels, request, null, tried, f.clock.instant());
    return s == null ? null : s.channel().id() + " " + s.reason().wire + (s.forced() ? " forced" : "");
  }

  private static String pick(RouterFixture f, List<Channel> channels) {
    return pick(f, channels, request(ApiKind.MESSAGES, null), Set.of());
  }

  @Test
  void priorityOrderIsKeptForTheSameListAndRebuiltForANewOne() {
    RouterFixture f = new RouterFixture();
    List<Channel> first = list(channel("a").priority(2).build(), channel("b").priority(1).build());
    PriorityOrder kept = f.router.selector.orderOf(ApiKind.MESSAGES, first);
    assertSame(kept, f.router.selector.orderOf(ApiKind.MESSAGES, first));
    assertEquals(List.of("b", "a"), ids(kept.sorted));
    List<Channel> equalButNew = list(first.get(0), first.get(1));
    assertNotSame(kept, f.router.selector.orderOf(ApiKind.MESSAGES, equalButNew), "kept by identity, not equality");
    assertSame(kept.source, first);
  }

  @Test
  void newSnapshotWithChangedPrioritiesIsHonouredAtOnce() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).build();
    RouterFixture f = new RouterFixture(a, b);
    assertEquals("a", f.call(null).channel().id());
    assertEquals("a", f.call(null).channel().id());
    f.router.setSnapshot(snapshot(a.toBuilder().priority(3).build(), b));
    assertEquals("b", f.call(null).channel().id());
    f.router.setSnapshot(snapshot(a.toBuilder().priority(3).build(), b.toBuilder().priority(3).build()));
    assertEquals("a", f.call(null).channel().id(), "a tie keeps list order");
    f.router.setSnapshot(snapshot(b.toBuilder().priority(3).build(), a.toBuilder().priority(3).build()));
    assertEquals("b", f.call(null).channel().id());
    f.assertSettled();
  }

  @Test
  void requestOnAnOlderSnapshotUsesThatSnapshotsOrder() {
    RouterFixture f = new RouterFixture();
    List<Channel> older = list(channel("a").priority(1).build(), channel("b").priority(2).build());
    List<Channel> newer = list(channel("a").priority(2).build(), channel("b").priority(1).build());
    assertEquals("b priority_order", pick(f, newer));
    assertEquals("a priority_order", pick(f, older));
    assertEquals("b priority_order", pick(f, newer));
  }

  @Test
  void channelBecomingUnhealthyMidGroupIsSkipped() {
    Channel x = channel("x").priority(1).build();
    Channel y = channel("y").priority(1).build();
    Channel z = channel("z").priority(1).build();
    Channel w = channel("w").priority(2).build();
    RouterFixture f = new RouterFixture(x, y, z, w);
    List<Channel> channels = f.router.snapshot().channels(ApiKind.MESSAGES);
    assertEquals("x priority_order", pick(f, channels));
    f.openBreaker(ApiKind.MESSAGES, y);
    assertEquals("x priority_order", pick(f, channels));
    f.openBreaker(ApiKind.MESSAGES, x);
    assertEquals("z priority_order", pick(f, channels), "y is unhealthy too: the next healthy one of the group");
    assertEquals("w priority_order", pick(f, channels, request(ApiKind.MESSAGES, null), Set.of("z")));
    f.openBreaker(ApiKind.MESSAGES, z);
    assertEquals("w priority_order", pick(f, channels), "the whole group is unhealthy: the next group");
    f.openBreaker(ApiKind.MESSAGES, w);
    assertEquals("x fallback forced", pick(f, channels), "none healthy: the least failing (all equal: the first)");
    assertEquals("y fallback forced", pick(f, channels, request(ApiKind.MESSAGES, null), Set.of("x")));
    assertNull(pick(f, channels, request(ApiKind.MESSAGES, null), Set.of("w", "x", "y", "z")));
  }

  @Test
  void unhealthyMemberOfAWeightedGroupGetsNoTraffic() {
    Channel light = channel("light").priority(1).weight(1).build();
    Channel down = channel("down").priority(1).weight(50).build();
    Channel heavy = channel("heavy").priority(1).weight(3).build();
    Channel backup = channel("backup").priority(2).weight(100).build();
    RouterFixture f = new RouterFixture(light, down, heavy, backup);
    f.openBreaker(ApiKind.MESSAGES, down);
    List<Channel> channels = f.router.snapshot().channels(ApiKind.MESSAGES);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 4000; i++) counts.merge(pick(f, channels), 1, Integer::sum);
    assertEquals(Set.of("light weighted", "heavy weighted"), counts.keySet());
    assertEquals(0.25, counts.get("light weighted") / 4000.0, 0.05);
    f.openBreaker(ApiKind.MESSAGES, heavy);
    assertEquals("light priority_order", pick(f, channels), "one healthy member left: no draw");
  }

  @Test
  void weightedDrawsMatchTheSameSeed() {
    // The draw consumes the random source exactly as before: one nextLong(total) per weighted pick.
    Channel a = channel("a").priority(1).weight(2).build();
    Channel b = channel("b").priority(1).build();
    Channel c = channel("c").priority(1).weight(5).build();
    RouterFixture f = new RouterFixture(a, b, c);
    List<Channel> channels = f.router.snapshot().channels(ApiKind.MESSAGES);
    SplittableRandom same = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      long draw = same.nextLong(8);
      String want = draw < 2 ? "a" : draw < 3 ? "b" : "c";
      assertEquals(want + " weighted", pick(f, channels), "draw " + i);
    }
  }

  @Test
  void providerIsAskedOncePerPick() {
    RouterFixture f = new RouterFixture();
    AtomicInteger asked = new AtomicInteger();
    f.provider.supports = r -> asked.incrementAndGet() > 0;
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < 20; i++) channels.add(channel("c" + i).priority(i % 3).build());
    assertEquals("c0 priority_order", pick(f, List.copyOf(channels)));
    assertEquals(1, asked.get());
  }

  @Test
  void failedPinLeavesOnlyOtherChannelsOfItsServiceType() {
    RouterFixture f = new RouterFixture();
    ScriptedProvider openai = new ScriptedProvider("openai");
    Router router = Router.builder().provider(f.provider).provider(openai).clock(f.clock).build();
    Channel pinned = channel("p").priority(1).build();
    Channel other = channel("o").serviceType("openai").priority(0).build();
    Channel same = channel("s").priority(5).build();
    List<Channel> channels = list(pinned, other, same);
    ClientRequest request = RoutingHints.pin(request(ApiKind.MESSAGES, null), "p", null);
    ChannelSelector selector = router.selector;
    assertEquals("p", selector.select(channels, request, null, Set.of(), f.clock.instant()).channel().id());
    Selection afterFailure = selector.select(channels, request, null, Set.of("p"), f.clock.instant());
    assertEquals("s", afterFailure.channel().id());
    assertEquals(Reason.PRIORITY, afterFailure.reason());
    assertNull(selector.select(channels, request, null, Set.of("p", "s"), f.clock.instant()),
        "never a channel of another service type");
    ClientRequest gone = RoutingHints.pin(request(ApiKind.MESSAGES, null), "missing", null);
    assertNull(selector.select(channels, gone, null, Set.of(), f.clock.instant()), "a pin to a channel that is gone");
  }

  @Test
  void ruleMayAnswerWithEqualChannelInstances() {
    RouterFixture f = new RouterFixture();
    ChannelSnapshot snap = snapshot(channel("a").priority(1).build(), channel("b").priority(2).build());
    Router router = Router.builder().provider(f.provider).snapshot(snap).clock(f.clock)
        .selectionRule((request, candidates) -> {
          List<SelectionRule.Candidate> rebuilt = new ArrayList<>();
          rebuilt.add(new SelectionRule.Candidate(channel("a").priority(9).build(), true, 0));
          for (int i = candidates.size() - 1; i >= 0; i--) {
            SelectionRule.Candidate c = candidates.get(i);
            rebuilt.add(new SelectionRule.Candidate(c.channel().toBuilder().build(), c.healthy(), c.failureRate()));
          }
          return rebuilt;
        }).build();
    Selection s = router.selector.select(snap.channels(ApiKind.MESSAGES), request(ApiKind.MESSAGES, null), null,
        Set.of(), f.clock.instant());
    assertEquals("b", s.channel().id());
    assertEquals(Reason.RULE, s.reason());
    Selection only = router.selector.select(snap.channels(ApiKind.MESSAGES), request(ApiKind.MESSAGES, null), null,
        Set.of("b"), f.clock.instant());
    assertEquals("a", only.channel().id(), "a channel with a's id but other settings is not a candidate");
    assertEquals(1, only.channel().priority());
  }

  @Test
  void promotionIsReadFromTheKeptOrderAtEachPick() {
    Channel a = channel("a").priority(1).build();
    Channel b = channel("b").priority(2).promotionUntil(Instant.parse("2026-01-01T00:05:00Z")).build();
    RouterFixture f = new RouterFixture(a, b);
    List<Channel> channels = f.router.snapshot().channels(ApiKind.MESSAGES);
    assertEquals("b promotion_priority", pick(f, channels));
    f.clock.advance(java.time.Duration.ofMinutes(5));
    assertEquals("a priority_order", pick(f, channels), "the same list, the promotion over");
  }

  private static List<String> ids(Channel[] channels) {
    List<String> ids = new ArrayList<>();
    for (Channel c : channels) ids.add(c.id());
    return ids;
  }
}
