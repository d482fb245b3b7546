package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xnio.XnioExecutor;

/**
 * A stream's timers on a timer and clock of the test's own: each deadline fires once and is then
 * spent, so a timer that fired is never armed again at a deadline already past (which fired it
 * every millisecond).
 */
class StreamTimersTest {
  private static final Duration IDLE = Duration.ofMillis(30);
  private static final Duration PING = Duration.ofMillis(20);
  /** Long enough for a timer armed at a past deadline to fire 250 times. */
  private static final long WATCH_MILLIS = 250;

  /** An IO thread's timer on a clock that moves only when told: runs what falls due, in order. */
  private static final class FakeTimer implements XnioExecutor {
    private final List<Task> tasks = new ArrayList<>();
    long now = 1_000_000_000L;
    int firings;

    private final class Task implements Key {
      final Runnable run;
      final long due;

      Task(Runnable run, long due) {
        this.run = run;
        this.due = due;
      }

      @Override
      public boolean remove() {
        return tasks.remove(this);
      }
    }

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public Key executeAfter(Runnable command, long time, TimeUnit unit) {
      Task t = new Task(command, now + unit.toNanos(time));
      tasks.add(t);
      return t;
    }

    @Override
    public Key executeAtInterval(Runnable command, long time, TimeUnit unit) {
      throw new UnsupportedOperationException("the stream timers never ask for a repeating task");
    }

    /** Moves the clock on by {@code millis}, a millisecond at a time, firing what falls due. */
    void advance(long millis) {
      for (long m = 0; m < millis; m++) {
        now += TimeUnit.MILLISECONDS.toNanos(1);
        Task next;
        while ((next = due()) != null) {
          tasks.remove(next);
          firings++;
          next.run.run();
        }
      }
    }

    private Task due() {
      Task first = null;
      for (Task t : tasks) {
        if (t.due <= now && (first == null || t.due < first.due)) first = t;
      }
      return first;
    }

    boolean armed() {
      return !tasks.isEmpty();
    }
  }

  /** Counts what the timers ask of it; answers as told. */
  private static final class Target implements StreamTimers.Target {
    int idleTimeouts;
    int pingChecks;
    int pings;
    boolean answerBeingRead = true;
    boolean clientFree = true;

    @Override
    public boolean ended() {
      return false;
    }

    @Override
    public boolean idleTimedOut() {
      idleTimeouts++;
      return answerBeingRead;
    }

    @Override
    public boolean mayPing() {
      pingChecks++;
      return clientFree;
    }

    @Override
    public void ping() {
      pings++;
    }
  }

  private final FakeTimer timer = new FakeTimer();
  private final Target target = new Target();

  private StreamTimers timers(Duration ping) {
    return new StreamTimers(timer, () -> timer.now, target, ping);
  }

  /** An attempt with the idle timeout {@link #IDLE} got its answer now, as the stream tells its timers. */
  private void attemptAnswered(StreamTimers timers) {
    timers.idle(IDLE);
    timers.upstreamSeen(timer.now);
    timers.schedule();
  }

  @Test
  void anIdleTimeoutThatFailsOverIsNotWatchedAgainUntilTheNextAnswer() {
    StreamTimers timers = timers(Duration.ZERO);
    attemptAnswered(timers);
    timer.advance(IDLE.toMillis() + 1);
    assertEquals(1, target.idleTimeouts);
    // The failover's next attempt has not answered yet: its silence is not the one that timed out.
    int firings = timer.firings;
    timer.advance(WATCH_MILLIS);
    assertEquals(1, target.idleTimeouts, "the spent idle deadline fired again");
    assertEquals(firings, timer.firings, "the timer fired with nothing due");
    assertFalse(timers.armed(), "a timer with nothing due is not armed");

    // The next attempt's answer: its silence is watched from then on, and times out once.
    attemptAnswered(timers);
    timer.advance(IDLE.toMillis() + 1);
    assertEquals(2, target.idleTimeouts);
    timer.advance(WATCH_MILLIS);
    assertEquals(2, target.idleTimeouts);
  }

  @Test
  void anIdleTimeoutWithNoAnswerBeingReadIsSpentToo() {
    target.answerBeingRead = false;
    StreamTimers timers = timers(Duration.ZERO);
    attemptAnswered(timers);
    timer.advance(IDLE.toMillis() + 1 + WATCH_MILLIS);
    assertEquals(1, target.idleTimeouts, "the spent idle deadline fired again");
    assertFalse(timers.armed());
    assertFalse(timer.armed());
  }

  @Test
  void aKeepAliveTheClientCannotTakeIsDueAnIntervalLater() {
    target.clientFree = false;
    StreamTimers timers = timers(PING);
    timers.relaying(timer.now);
    timers.schedule();
    timer.advance(WATCH_MILLIS);
    // One check an interval (a timer's delay is rounded up to the next millisecond: 11 in 250 ms);
    // a timer at the past deadline made one a millisecond.
    assertEquals(WATCH_MILLIS / (PING.toMillis() + 1), target.pingChecks);
    assertEquals(0, target.pings, "a keep-alive went to a client with bytes waiting");
    assertTrue(timers.armed(), "the next keep-alive is still due");

    // The client took its bytes: the keep-alives go out again, one an interval.
    target.clientFree = true;
    timer.advance(2 * (PING.toMillis() + 1));
    assertEquals(2, target.pings);
  }

  @Test
  void eventsMoveTheIdleDeadline() {
    StreamTimers timers = timers(Duration.ZERO);
    timers.idle(Duration.ofMillis(100));
    timers.relaying(timer.now);
    timers.schedule();
    // Events every 20 ms for 500 ms: the upstream is never silent for its idle timeout.
    for (int i = 0; i < 25; i++) {
      timer.advance(20);
      timers.eventsWritten(timer.now);
    }
    assertEquals(0, target.idleTimeouts);
    timer.advance(101);
    assertEquals(1, target.idleTimeouts);
  }
}
