package dev.llmrouter.server.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.outcome.AttemptOutcome;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows waiting for the history's next write: every field comes back, and the outcome itself is not kept. */
class PendingRowsTest {
  private static AttemptOutcome outcome(int i) {
    return new AttemptOutcome(ApiKind.values()[i % ApiKind.values().length], "ch-" + i, "Channel " + i,
        "https://api.example.com/v" + i, "fp" + i, "sk-ab…" + i, "model-" + i, 200 + i,
        AttemptOutcome.Result.values()[i % AttemptOutcome.Result.values().length], i * 1_000_003L, i * 7_000_001L,
        new Usage(i, i + 1, i + 2, i + 3, i + 4, i % 2 == 0), i % 3 == 0,
        Instant.ofEpochSecond(1_764_320_400L + i, 123_456_789 + i), i % 4 == 0 ? null : "detail " + i,
        i % 5 == 0 ? null : "req-" + i);
  }

  @Test
  void everyFieldComesBackInOrderAcrossGrowthAndClear() {
    PendingRows rows = new PendingRows();
    List<AttemptOutcome> given = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      AttemptOutcome o = outcome(i);
      given.add(o);
      rows.add(o);
    }
    assertEquals(given, rows);
    rows.clear();
    assertTrue(rows.isEmpty());
    AttemptOutcome after = outcome(7);
    rows.add(after);
    assertEquals(List.of(after), rows);
  }

  @Test
  void nullsUsageNoneAndTextBeyondLatin1ComeBack() {
    PendingRows rows = new PendingRows();
    AttemptOutcome bare = new AttemptOutcome(ApiKind.RESPONSES, null, null, null, null, null, null, 0,
        AttemptOutcome.Result.CANCELLED, -1, 0, null, false, Instant.EPOCH, null, null);
    AttemptOutcome none = new AttemptOutcome(ApiKind.GEMINI, "", "", "", "", "", "", 502,
        AttemptOutcome.Result.FAILURE, -1, 5, Usage.NONE, true, Instant.parse("2026-12-05T22:50:00Z"),
        "upstream 502: Ünïcode – 模型 \uD83D\uDE00", "req-é");
    rows.add(bare);
    rows.add(none);
    rows.add(outcome(3));
    assertEquals(bare, rows.get(0));
    assertNull(rows.get(0).usage());
    assertEquals(none, rows.get(1));
    assertEquals(outcome(3), rows.get(2));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.get(3));
  }

  @Test
  void anOutcomeTakenIsNotHeld() {
    PendingRows rows = new PendingRows();
    AttemptOutcome o = outcome(11);
    WeakReference<AttemptOutcome> weak = new WeakReference<>(o);
    WeakReference<String> weakId = new WeakReference<>(o.requestId());
    rows.add(o);
    o = null;
    // A collection clears a weak reference to what nothing else holds; a few are asked for, as
    // System.gc() is a request.
    for (int i = 0; i < 20 && (weak.get() != null || weakId.get() != null); i++) {
      System.gc();
    }
    assertNull(weak.get(), "the rows still hold the outcome");
    assertNull(weakId.get(), "the rows still hold the outcome's request id");
    assertEquals(outcome(11), rows.get(0));
  }
}
