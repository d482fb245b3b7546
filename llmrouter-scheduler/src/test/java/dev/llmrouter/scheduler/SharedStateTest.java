package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static dev.llmrouter.scheduler.RouterFixture.request;
import static dev.llmrouter.scheduler.RouterFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.provider.CancelSignal;
import dev.llmrouter.api.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Two routers over one shared {@link StateStore} (an in-memory bus standing in for Redis, which
 * delivers every event at once): what one learns, the other applies. The Redis store itself is
 * tested with two servers in llmrouter-server.
 */
class SharedStateTest {
  private static final String SERVER_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";
  private static final String RATE_LIMITED =
      "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}";

  /** Delivers each router's events to every other router; keeps trace bindings. */
  static final class Bus {
    final Map<String, String> bindings = new ConcurrentHashMap<>();
    final List<Member> members = new ArrayList<>();
    final List<StateEvent> published = new ArrayList<>();

    Member join() {
      Member m = new Member(this);
      members.add(m);
      return m;
    }
  }

  static final class Member implements StateStore {
    private final Bus bus;
    private Consumer<StateEvent> sink = e -> {};

    Member(Bus bus) {
      this.bus = bus;
    }

    @Override
    public boolean isShared() {
      return true;
    }

    @Override
    public String boundChannel(ApiKind kind, String trace) {
      return bus.bindings.get(kind + ":" + trace);
    }

    @Override
    public void publish(StateEvent event) {
      bus.published.add(event);
      if (event instanceof StateEvent.AffinityBound a) {
        bus.bindings.put(a.kind() + ":" + a.trace(), a.channelId());
        return;
      }
      for (Member m : bus.members) {
        if (m != this) m.sink.accept(event);
      }
    }

    @Override
    public void subscribe(Consumer<StateEvent> sink) {
      this.sink = sink;
    }

    @Override
    public Status status() {
      return new Status(true, false, "bus");
    }

    @Override
    public void close() {}
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Bus bus = new Bus();
  private final Channel a = channel("a", "ka").priority(1).build();
  private final Channel b = channel("b", "kb").priority(2).build();
  private final ScriptedProvider providerA = new ScriptedProvider("claude");
  private final ScriptedProvider providerB = new ScriptedProvider("claude");
  private final Router routerA = router(providerA);
  private final Router routerB = router(providerB);

  private Router router(ScriptedProvider provider) {
    return Router.builder().provider(provider).snapshot(snapshot(a, b)).clock(clock).stateStore(bus.join()).build();
  }

  private static String call(Router r, String trace) {
    try (RoutedResponse answer = r.route(request(ApiKind.MESSAGES, trace), new CancelSignal())) {
      assertEquals(200, answer.status());
      return answer.channel().id();
    }
  }

  @Test
  void withoutAStoreNothingIsSharedAndNothingIsAsked() {
    Router alone = Router.builder().provider(providerA).snapshot(snapshot(a, b)).clock(clock).build();
    assertSame(StateStore.Status.LOCAL, alone.stateStatus());
    assertNull(alone.sync);
    assertFalse(StateStore.local().isShared());
    assertNull(StateStore.local().boundChannel(ApiKind.MESSAGES, "t"));
  }

  @Test
  void aBreakerOpenedOnOneRouterSkipsTheChannelOnTheOther() {
    providerA.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    for (int i = 0; i < 5; i++) assertEquals("b", call(routerA, null));
    assertEquals(KeyBreaker.State.OPEN, routerA.health.existing(ApiKind.MESSAGES, a, a.baseUrl(), "ka")
        .state(clock.instant()));
    assertEquals(KeyBreaker.State.OPEN, routerB.health.existing(ApiKind.MESSAGES, a, a.baseUrl(), "ka")
        .state(clock.instant()));
    assertEquals("b", call(routerB, null));
    assertEquals(List.of("b"), providerB.channels(), "B never tried the channel whose breaker A opened");
    assertTrue(bus.published.stream().noneMatch(e -> e.toString().contains("ka")
        && !(e instanceof StateEvent.AffinityBound)), "a key's value reached the store");
  }

  @Test
  void resultsOfEveryRouterFeedOneWindow() {
    providerA.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    providerB.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    // Three failures on A and two on B: five in the shared window, which opens the breaker on both.
    for (int i = 0; i < 3; i++) call(routerA, null);
    for (int i = 0; i < 2; i++) call(routerB, null);
    for (Router r : List.of(routerA, routerB)) {
      assertFalse(r.health.isHealthy(ApiKind.MESSAGES, a, clock.instant()));
    }
  }

  @Test
  void aKeyRateLimitedOnOneRouterRestsOnTheOtherForItsRetryAfter() {
    Channel multi = channel("m", "k1", "k2").build();
    Router first = Router.builder().provider(providerA).snapshot(snapshot(multi)).clock(clock)
        .stateStore(bus.join()).build();
    Router second = Router.builder().provider(providerB).snapshot(snapshot(multi)).clock(clock)
        .stateStore(bus.join()).build();
    providerA.answer("k1", call -> FakeExchange.error(429, RATE_LIMITED, "retry-after", "30"));
    call(first, null);
    ChannelHealth.Cooldown cd = second.health.keyCooldown(ApiKind.MESSAGES, multi, "k1", clock.instant());
    assertEquals(clock.instant().plusSeconds(30), cd.until);
    call(second, null);
    assertEquals(List.of("k2"), providerB.keys(), "the second router must not try the resting key");
  }

  @Test
  void aTraceBoundOnOneRouterIsFollowedOnTheOther() {
    providerA.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    assertEquals("b", call(routerA, "session-1"));
    assertEquals("b", call(routerB, "session-1"), "B must follow A's binding, not its priority order");
    assertEquals("a", call(routerB, "session-2"), "an unbound trace goes by priority");
  }

  @Test
  void aResumeOnOneRouterClosesTheBreakersOnTheOther() {
    providerA.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    for (int i = 0; i < 5; i++) call(routerA, null);
    assertFalse(routerB.health.isHealthy(ApiKind.MESSAGES, a, clock.instant()));
    routerA.resume(ApiKind.MESSAGES, "a");
    assertTrue(routerB.health.isHealthy(ApiKind.MESSAGES, a, clock.instant()));
  }

  @Test
  void eventsAboutUnknownChannelsOrKeysAreIgnored() {
    ChannelSnapshot other = snapshot(channel("x", "kx").build());
    Router stranger = Router.builder().provider(providerB).snapshot(other).clock(clock).stateStore(bus.join()).build();
    providerA.answer("ka", call -> FakeExchange.error(500, SERVER_ERROR));
    for (int i = 0; i < 5; i++) call(routerA, null);
    assertEquals(0, stranger.health.outstandingPermits());
    assertNull(stranger.health.existing(ApiKind.MESSAGES, a, a.baseUrl(), "ka"));
  }
}
