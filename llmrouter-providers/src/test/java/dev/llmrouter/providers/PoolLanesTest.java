package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class PoolLanesTest {
  private final OkHttpClient base = HttpTransport.defaultClientBuilder().build();
  private final HttpTransport transport = new HttpTransport(base);

  @Test
  void callsShareTheBasePoolUntilTheFirstLaneIsFull() {
    List<PoolLanes.Lane> taken = new ArrayList<>();
    for (int i = 0; i < PoolLanes.CALLS_PER_LANE; i++) {
      PoolLanes.Lane lane = transport.attemptLane(Duration.ofSeconds(5), false);
      assertSame(base.connectionPool(), lane.client().connectionPool(), "call " + i);
      taken.add(lane);
    }
    PoolLanes.Lane next = transport.attemptLane(Duration.ofSeconds(5), false);
    assertNotSame(base.connectionPool(), next.client().connectionPool(), "the 129th call in flight takes a pool of its own");
    assertSame(base.dispatcher(), next.client().dispatcher());
    assertEquals(Duration.ofSeconds(5).toMillis(), next.client().connectTimeoutMillis());
    assertSame(next.client(), transport.attemptLane(Duration.ofSeconds(5), false).client(), "the second lane is kept");

    // A call that ends leaves its lane (once, whatever OkHttp reports after): the first lane has room again.
    taken.get(0).release().callEnd(null);
    taken.get(0).release().callEnd(null);
    taken.get(1).release().callFailed(null, new IOException("reset"));
    PoolLanes lanes = transport.lanes(Duration.ofSeconds(5), false);
    assertEquals(PoolLanes.CALLS_PER_LANE - 2, lanes.inFlight(0));
    assertEquals(2, lanes.inFlight(1));
    assertSame(base.connectionPool(), transport.attemptLane(Duration.ofSeconds(5), false).client().connectionPool());
  }

  @Test
  void whenEveryLaneIsFullTheLeastBusyTakesTheCall() {
    PoolLanes lanes = new PoolLanes(base, i -> base.newBuilder().build());
    List<PoolLanes.Lane> taken = new ArrayList<>();
    for (int i = 0; i < PoolLanes.CALLS_PER_LANE * PoolLanes.MAX_LANES; i++) taken.add(lanes.take());
    for (int i = 0; i < PoolLanes.MAX_LANES; i++) assertEquals(PoolLanes.CALLS_PER_LANE, lanes.inFlight(i));
    taken.get(PoolLanes.CALLS_PER_LANE * 5).release().callEnd(null);
    taken.get(PoolLanes.CALLS_PER_LANE * 5 + 1).release().callEnd(null);
    taken.get(PoolLanes.CALLS_PER_LANE * 9).release().callEnd(null);
    lanes.take();
    lanes.take();
    assertEquals(PoolLanes.CALLS_PER_LANE, lanes.inFlight(5), "lane 5 had room for two: the first lane with room");
    assertEquals(PoolLanes.CALLS_PER_LANE - 1, lanes.inFlight(9));
    lanes.take();
    assertEquals(PoolLanes.CALLS_PER_LANE, lanes.inFlight(9));
    lanes.take();
    assertEquals(PoolLanes.CALLS_PER_LANE + 1, lanes.inFlight(0), "all full: the least busy, the first of equals");
  }
}
