package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.outcome.OutcomeListener;
import dev.llmrouter.scheduler.metrics.MetricsStore;
import dev.llmrouter.scheduler.metrics.OutcomeBatchListener;
import java.time.Duration;
import java.util.List;

/**
 * Where the metrics history is kept across restarts. It is fed one of two ways. As an
 * {@link OutcomeBatchListener} of a {@link dev.llmrouter.scheduler.metrics.MetricsRecorder} (the
 * server's way) it writes each batch on the recorder's thread, so outcomes pass one queue and one
 * thread on their way to the store. As a plain {@link OutcomeListener} it takes every outcome, must
 * not block, and writes in the background on a thread of its own once {@link #start()}ed.
 * {@link SqliteHistoryStore} keeps it in a SQLite file; a store shared by several routers
 * (PostgreSQL, Redis) can implement the same interface. Implementations are thread-safe.
 *
 * <p>Lifecycle: {@link #restoreInto}, then batches (or {@link #start()} and outcomes), then
 * {@link #close()}, which writes what is queued.
 */
public interface HistoryStore extends OutcomeListener, OutcomeBatchListener, AutoCloseable {
  /**
   * Rebuilds in-memory metrics from the kept history. Call before {@link #start()}.
   *
   * @return the number of records read, or -1 when reading failed (nothing is persisted then)
   */
  int restoreInto(MetricsStore store);

  /** Starts writing outcomes given to {@link #onOutcome} in the background; batches need no start. */
  void start();

  /** True while outcomes are kept; false when persistence is off or failed. */
  boolean persisting();

  /**
   * Waits until every outcome taken before this call is kept.
   *
   * @return false when the time ran out
   */
  boolean flush(Duration timeout);

  /**
   * Deletes records older than the retention now.
   *
   * @return the number deleted, or -1 when persistence is off or the time ran out
   */
  int cleanup(Duration timeout);

  /**
   * Deletes the records of a deleted channel.
   *
   * @return the number deleted, or -1 when persistence is off or the time ran out
   */
  int deleteChannel(ApiKind kind, String channelId, Duration timeout);

  /**
   * A page of the request log, newest first. Stores without a request log answer an empty list.
   *
   * @return the attempts, or an empty list when nothing is kept or the time ran out
   */
  default List<RequestAttempt> recentAttempts(RequestQuery query, Duration timeout) {
    return List.of();
  }

  /**
   * Every attempt of one request, in the order they were made.
   *
   * @return the attempts, or an empty list when none is known
   */
  default List<RequestAttempt> requestAttempts(ApiKind kind, String requestId, Duration timeout) {
    return List.of();
  }

  /**
   * Latency percentiles of total time per bucket {@code [startMs + i * intervalMs, startMs + (i + 1) *
   * intervalMs)}, {@code i < count}, from the kept attempts of one kind, after every outcome taken
   * before this call is kept.
   *
   * @param channelId one channel's attempts, or null for every channel of the kind
   * @return the buckets, or null when nothing is kept (persistence off or failing) or the time ran out
   */
  default LatencyBuckets latency(ApiKind kind, String channelId, long startMs, long intervalMs, int count,
      Duration timeout) {
    return null;
  }

  /** Writes what is queued and releases the store. Idempotent. */
  @Override
  void close();
}
