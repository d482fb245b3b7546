package dev.llmrouter.scheduler;

import dev.llmrouter.api.testing.MutableClock;
import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.request;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.provider.CancelSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SelectionRuleTest {
  private static final String SERVER_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";
  private static final Map<String, Integer> PRICE = Map.of("a", 30, "b", 10, "c", 20);

  private final ScriptedProvider provider = new ScriptedProvider("claude");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<List<String>> offered = new CopyOnWriteArrayList<>();

  /** Cheapest first; records what it was offered. */
  private final SelectionRule cheapest = (request, candidates) -> {
    offered.add(candidates.stream().map(c -> c.channel().id()).toList());
    List<SelectionRule.Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingInt(c -> PRICE.get(c.channel().id())));
    return sorted;
  };

  private Router router(SelectionRule rule, ChannelSnapshot snapshot) {
    return Router.builder().provider(provider).snapshot(snapshot).clock(clock).selectionRule(rule).build();
  }

  private static ChannelSnapshot abc() {
    return snapshot(channel("a").priority(1).build(), channel("b").priority(2).build(), channel("c").priority(3).build());
  }

  private String call(Router r) {
    try (RoutedResponse answer = r.route(request(ApiKind.MESSAGES, null), new CancelSignal())) {
      return answer.status() + (answer.channel() == null ? "" : " " + answer.channel().id());
    }
  }

  @Test
  void ruleOrderReplacesPriorityAndFailoverFollowsIt() {
    Router r = router(cheapest, abc());
    assertEquals("200 b", call(r));
    provider.answer("sk-b", call -> FakeExchange.error(500, SERVER_ERROR));
    assertEquals("200 c", call(r));
    assertEquals(List.of("b", "b", "c"), provider.channels(), "b fails, then the next cheapest, never a");
    assertEquals(List.of(List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("a", "c")), offered,
        "asked again before each channel, tried ones left out, in priority order");
  }

  @Test
  void unhealthyChannelsAreOfferedMarkedAndSkippedWhileAHealthyOneIsLeft() {
    List<SelectionRule.Candidate> seen = new CopyOnWriteArrayList<>();
    Router r = router((request, candidates) -> {
      seen.addAll(candidates);
      return cheapest.order(request, candidates);
    }, abc());
    openBreakers(r, r.snapshot().channels(ApiKind.MESSAGES).get(1));
    assertEquals("200 c", call(r), "b's breaker is open: the next healthy one in the rule's order");
    assertEquals(List.of("a true 0.0", "b false 1.0", "c true 0.0"),
        seen.stream().map(c -> c.channel().id() + " " + c.healthy() + " " + c.failureRate()).toList());
    assertEquals(List.of("c"), provider.channels());
  }

  @Test
  void channelsTheRuleLeavesOutAreNeverTried() {
    Router r = router((request, candidates) -> candidates.stream().filter(c -> !c.channel().id().equals("a")).toList()
        .subList(0, 1), abc());
    provider.answer("sk-b", call -> FakeExchange.error(500, SERVER_ERROR));
    assertEquals("200 c", call(r));
    Router none = router((request, candidates) -> List.of(), abc());
    assertEquals("503", call(none), "an empty order leaves no channel");
    assertEquals(List.of("b", "c"), provider.channels());
  }

  @Test
  void aFailingRuleFallsBackToThePriorityOrder() {
    Router r = router((request, candidates) -> {
      throw new IllegalStateException("price list missing");
    }, abc());
    assertEquals("200 a", call(r));
    Router nullRule = router((request, candidates) -> null, abc());
    assertEquals("200 a", call(nullRule));
  }

  @Test
  void aPromotedChannelStillGoesFirst() {
    Channel promoted = channel("c").priority(3).promotionUntil(clock.instant().plusSeconds(60)).build();
    Router r = router(cheapest, snapshot(channel("a").priority(1).build(), channel("b").priority(2).build(), promoted));
    assertEquals("200 c", call(r));
    assertEquals(List.of(), offered, "the rule is not asked when a promotion decides");
  }

  @Test
  void whenNoneIsHealthyTheRulesFirstChoiceIsTriedAnyway() {
    Router r = router(cheapest, abc());
    for (Channel c : r.snapshot().channels(ApiKind.MESSAGES)) openBreakers(r, c);
    assertEquals("200 b", call(r));
    assertEquals(List.of("b"), provider.channels());
    assertEquals(0, r.health.outstandingPermits());
  }

  private void openBreakers(Router r, Channel c) {
    KeyBreaker b = r.health.breaker(ApiKind.MESSAGES, c, c.baseUrl(), c.apiKeys().get(0));
    KeyBreaker.Permit p;
    while ((p = b.tryAcquire(clock.instant())) != null) b.failure(p, clock.instant());
  }
}
