package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * A stream's timers on a real IO thread: each deadline fires once and is then spent, so a timer
 * that fired is never armed again at a deadline already past (which fired it every millisecond).
 */
class StreamTimersTest {
  private static final Duration IDLE = Duration.ofMillis(30);
  private static final Duration PING = Duration.ofMillis(20);
  /** Long enough for a timer spinning at a past deadline to fire a hundred times and more. */
  private static final long WATCH_MILLIS = 250;

  private XnioWorker worker;
  private XnioIoThread io;

  @BeforeEach
  void start() throws Exception {
    worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
    io = worker.getIoThread(0);
  }

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  /** Counts what the timers ask of it; answers as told. */
  private static final class Target implements StreamTimers.Target {
    final AtomicInteger idleTimeouts = new AtomicInteger();
    final AtomicInteger pingChecks = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    volatile boolean answerBeingRead = true;
    volatile boolean clientFree = true;

    @Override
    public boolean ended() {
      return false;
    }

    @Override
    public boolean idleTimedOut() {
      idleTimeouts.incrementAndGet();
      return answerBeingRead;
    }

    @Override
    public boolean mayPing() {
      pingChecks.incrementAndGet();
      return clientFree;
    }

    @Override
    public void ping() {
      pings.incrementAndGet();
    }
  }

  /** Runs {@code step} on the IO thread, as the stream does, and returns what it returns. */
  private <T> T ask(Supplier<T> step) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    io.execute(() -> {
      try {
        done.complete(step.get());
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(5, TimeUnit.SECONDS);
  }

  private void onIo(Runnable step) throws Exception {
    ask(() -> {
      step.run();
      return null;
    });
  }

  /** An attempt with the idle timeout {@link #IDLE} got its answer now, as the stream tells its timers. */
  private void attemptAnswered(StreamTimers timers) throws Exception {
    onIo(() -> {
      timers.idle(IDLE);
      timers.upstreamSeen(System.nanoTime());
      timers.schedule();
    });
  }

  private static void waitFor(AtomicInteger count, int atLeast) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (count.get() < atLeast && System.nanoTime() < end) Thread.sleep(5);
    assertTrue(count.get() >= atLeast, "expected at least " + atLeast + ", got " + count.get());
  }

  @Test
  void anIdleTimeoutThatFailsOverIsNotWatchedAgainUntilTheNextAnswer() throws Exception {
    Target target = new Target();
    StreamTimers timers = new StreamTimers(io, target, Duration.ZERO);
    attemptAnswered(timers);
    waitFor(target.idleTimeouts, 1);
    // The failover's next attempt has not answered yet: its silence is not the one that timed out.
    Thread.sleep(WATCH_MILLIS);
    assertEquals(1, target.idleTimeouts.get(), "the spent idle deadline fired again");
    assertFalse(ask(timers::armed), "a timer with nothing due is not armed");

    // The next attempt's answer: its silence is watched from then on, and times out once.
    attemptAnswered(timers);
    waitFor(target.idleTimeouts, 2);
    Thread.sleep(WATCH_MILLIS);
    assertEquals(2, target.idleTimeouts.get());
  }

  @Test
  void anIdleTimeoutWithNoAnswerBeingReadIsSpentToo() throws Exception {
    Target target = new Target();
    target.answerBeingRead = false;
    StreamTimers timers = new StreamTimers(io, target, Duration.ZERO);
    attemptAnswered(timers);
    waitFor(target.idleTimeouts, 1);
    Thread.sleep(WATCH_MILLIS);
    assertEquals(1, target.idleTimeouts.get(), "the spent idle deadline fired again");
    assertFalse(ask(timers::armed));
  }

  @Test
  void aKeepAliveTheClientCannotTakeIsDueAnIntervalLater() throws Exception {
    Target target = new Target();
    target.clientFree = false;
    StreamTimers timers = new StreamTimers(io, target, PING);
    onIo(() -> {
      timers.relaying(System.nanoTime());
      timers.schedule();
    });
    waitFor(target.pingChecks, 1);
    Thread.sleep(WATCH_MILLIS);
    int checks = target.pingChecks.get();
    // One check an interval (about 13 in the time watched); a timer at the past deadline made one a
    // millisecond (about 250).
    assertTrue(checks <= WATCH_MILLIS / PING.toMillis() + 3, "checked " + checks + " times in " + WATCH_MILLIS + " ms");
    assertEquals(0, target.pings.get(), "a keep-alive went to a client with bytes waiting");
    assertTrue(ask(timers::armed), "the next keep-alive is still due");

    // The client took its bytes: the keep-alives go out again, one an interval.
    target.clientFree = true;
    waitFor(target.pings, 2);
  }

  @Test
  void eventsMoveTheIdleDeadline() throws Exception {
    Target target = new Target();
    StreamTimers timers = new StreamTimers(io, target, Duration.ZERO);
    onIo(() -> {
      timers.idle(Duration.ofMillis(200));
      timers.relaying(System.nanoTime());
      timers.schedule();
    });
    // Events every 20 ms for 500 ms: the upstream is never silent for its idle timeout.
    for (int i = 0; i < 25; i++) {
      Thread.sleep(20);
      onIo(() -> timers.eventsWritten(System.nanoTime()));
    }
    assertEquals(0, target.idleTimeouts.get());
    waitFor(target.idleTimeouts, 1);
  }
}
