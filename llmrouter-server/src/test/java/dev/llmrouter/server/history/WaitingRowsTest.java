package dev.llmrouter.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The history's waiting rows: the capacity, the swap around a write, when a write is due, the close. */
class WaitingRowsTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private static List<AttemptOutcome> batch(String channel, int n) {
    List<AttemptOutcome> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new AttemptOutcome(ApiKind.MESSAGES, channel, channel, "http://u", "fp", "sk-…", "m", 200,
          AttemptOutcome.Result.SUCCESS, 1, 2, Usage.NONE, false, Instant.EPOCH, null, "req-" + i));
    }
    return out;
  }

  @Test
  void beyondTheCapacityOutcomesAreRefused() {
    WaitingRows w = new WaitingRows(5, 100, HOUR);
    assertEquals(0, w.take(batch("a", 3)));
    assertEquals(1, w.take(batch("b", 3)));
    PendingRows taken = w.swap();
    assertEquals(5, taken.size());
    assertEquals(batch("b", 2), taken.subList(3, 5));
  }

  @Test
  void batchesTakenDuringAWriteWaitForTheNextOne() {
    WaitingRows w = new WaitingRows(100, 100, HOUR);
    w.take(batch("a", 2));
    PendingRows first = w.swap();
    // The write of the first rows is under way: a batch taken now goes to the other set.
    w.take(batch("b", 3));
    assertEquals(batch("a", 2), first);
    w.giveBack(first);
    assertTrue(first.isEmpty());
    PendingRows second = w.swap();
    assertEquals(batch("b", 3), second);
    w.giveBack(second);
    // Nothing waits: no write.
    assertNull(w.swap());
    // The sets are reused, not made anew.
    w.take(batch("c", 1));
    assertSame(first, w.swap());
  }

  @Test
  void aWriteIsDueAfterTheIntervalOrAtOnceWhenEnoughWait() {
    WaitingRows w = new WaitingRows(100, 4, HOUR);
    assertTrue(w.nanosUntilDue() > HOUR / 2);
    w.take(batch("a", 4));
    assertTrue(w.nanosUntilDue() <= 0);
    w.swap();
    assertTrue(w.nanosUntilDue() > HOUR / 2, "a swap counts the next interval from now");
    WaitingRows soon = new WaitingRows(100, 4, 0);
    assertTrue(soon.nanosUntilDue() <= 0);
  }

  @Test
  void aClosedSetTakesNothingAndCountsWhatWaited() {
    WaitingRows w = new WaitingRows(100, 100, HOUR);
    w.take(batch("a", 3));
    assertEquals(3, w.close());
    assertEquals(2, w.take(batch("b", 2)));
    assertNull(w.swap());
  }
}
