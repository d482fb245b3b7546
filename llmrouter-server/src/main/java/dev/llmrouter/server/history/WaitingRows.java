package dev.llmrouter.server.history;

import dev.llmrouter.api.outcome.AttemptOutcome;
import java.util.List;

/**
 * The outcomes {@link SqliteHistoryStore} took and has not written yet, with when the next write is
 * due: batches are taken in while a write goes on, because the rows being written were swapped out
 * for a second set first ({@link #swap}, {@link #giveBack}). As many as the capacity wait; more are
 * refused. Once {@link #close}d, nothing more is taken.
 *
 * <p>Thread-safe: a lock of its own, held for the copying in and the swap, never during a write.
 */
final class WaitingRows {
  private final int capacity;
  private final int writeAt;
  private final long everyNanos;
  private PendingRows rows = new PendingRows();
  /** The rows written last, cleared, for the next swap; null while they are being written. */
  private PendingRows spare = new PendingRows();
  private long nextWriteNanos;
  private boolean closed;

  /**
   * @param capacity the most outcomes that wait
   * @param writeAt how many make a write due at once
   * @param everyNanos how long after a write the next one is due anyway
   */
  WaitingRows(int capacity, int writeAt, long everyNanos) {
    this.capacity = capacity;
    this.writeAt = writeAt;
    this.everyNanos = everyNanos;
    this.nextWriteNanos = System.nanoTime() + everyNanos;
  }

  /**
   * Takes the batch's outcomes, as many as there is room for.
   *
   * @return how many were not taken (no room, or closed)
   */
  synchronized int take(List<AttemptOutcome> batch) {
    if (closed) return batch.size();
    int room = Math.max(0, Math.min(batch.size(), capacity - rows.size()));
    for (int i = 0; i < room; i++) rows.add(batch.get(i));
    return batch.size() - room;
  }

  /** {@return nanoseconds until the next write is due; zero or less when it is} */
  synchronized long nanosUntilDue() {
    return rows.size() >= writeAt ? 0 : nextWriteNanos - System.nanoTime();
  }

  /**
   * Takes out the waiting rows for a write, and counts the next second from now.
   *
   * @return the rows, to be given back once written; null when none wait
   */
  synchronized PendingRows swap() {
    nextWriteNanos = System.nanoTime() + everyNanos;
    if (rows.isEmpty()) return null;
    PendingRows taken = rows;
    rows = spare != null ? spare : new PendingRows();
    spare = null;
    return taken;
  }

  /** Takes back rows {@link #swap} gave, written or not, cleared, for the next swap. */
  synchronized void giveBack(PendingRows taken) {
    taken.clear();
    spare = taken;
  }

  /**
   * Takes nothing more from now on.
   *
   * @return how many outcomes were still waiting (they are forgotten)
   */
  synchronized int close() {
    closed = true;
    int left = rows.size();
    rows.clear();
    return left;
  }
}
