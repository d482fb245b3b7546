package dev.llmrouter.providers;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * The attempt clients of one connect timeout and TLS setting, in lanes: the first lane is the client
 * as given (the base client's pool), each further lane a client with a pool of its own, made when
 * the calls in flight outgrow the lanes before it. A call takes the first lane with fewer than
 * {@link #CALLS_PER_LANE} calls in flight (or the least busy one when all are full) and leaves it
 * when OkHttp reports the call's end.
 *
 * <p>Why: to find a reusable connection, OkHttp scans every connection of the pool, those in use
 * included, taking each one's lock. With thousands of open streams on one pool, each new call paid
 * for thousands of them: 30 to 40 % of the router's CPU samples while 5,000 streams opened. Lanes
 * bound the scan to about {@link #CALLS_PER_LANE} connections, and up to that many calls in flight
 * all share the first pool, as they did with one pool. Thread-safe.
 */
final class PoolLanes {
  /** Calls in flight a lane takes before the next lane is used. */
  static final int CALLS_PER_LANE = 128;
  /** Lanes at most: 8,192 calls in flight before lanes hold more than {@link #CALLS_PER_LANE}. */
  static final int MAX_LANES = 64;

  /** A lane taken for one call: the client to send it with, and what to attach to the call. */
  record Lane(OkHttpClient client, EventListener release) {}

  private final IntFunction<OkHttpClient> newLane;
  private final AtomicReferenceArray<OkHttpClient> clients = new AtomicReferenceArray<>(MAX_LANES);
  private final AtomicIntegerArray inFlight = new AtomicIntegerArray(MAX_LANES);

  /**
   * @param first the first lane's client
   * @param newLane makes the client of lane {@code i} (1 and up) with a pool of its own
   */
  PoolLanes(OkHttpClient first, IntFunction<OkHttpClient> newLane) {
    this.newLane = newLane;
    clients.set(0, first);
  }

  /** {@return the first lane's client} */
  OkHttpClient first() {
    return clients.get(0);
  }

  /**
   * Takes a lane for one call. The returned listener must be added to the call
   * ({@link Call#addEventListener}); it leaves the lane once, when the call ends or fails.
   */
  Lane take() {
    int lane = 0;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < MAX_LANES; i++) {
      int n = inFlight.get(i);
      if (n < CALLS_PER_LANE) {
        lane = i;
        break;
      }
      if (n < least) {
        least = n;
        lane = i;
      }
    }
    inFlight.incrementAndGet(lane);
    return new Lane(client(lane), new Release(lane));
  }

  /** {@return calls in flight on lane {@code i}} */
  int inFlight(int i) {
    return inFlight.get(i);
  }

  private OkHttpClient client(int lane) {
    OkHttpClient c = clients.get(lane);
    if (c != null) return c;
    OkHttpClient made = newLane.apply(lane);
    return clients.compareAndSet(lane, null, made) ? made : clients.get(lane);
  }

  /** Leaves a lane once, at the call's last event. */
  private final class Release extends EventListener {
    private final int lane;
    private final AtomicBoolean left = new AtomicBoolean();

    Release(int lane) {
      this.lane = lane;
    }

    @Override
    public void callEnd(Call call) {
      leave();
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
      leave();
    }

    private void leave() {
      if (left.compareAndSet(false, true)) inFlight.decrementAndGet(lane);
    }
  }
}
