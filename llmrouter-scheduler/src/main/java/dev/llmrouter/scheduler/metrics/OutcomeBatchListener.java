package dev.llmrouter.scheduler.metrics;

import dev.llmrouter.api.outcome.AttemptOutcome;
import java.util.List;

/**
 * Takes the outcomes a {@link MetricsRecorder} has drained from its queue, one batch at a time, on
 * the recorder's own thread. This is the place for slow work on outcomes, such as writing them to a
 * database in one transaction per batch: such a listener needs no queue and no thread of its own,
 * and request threads never wait for it (they only queue into the recorder).
 *
 * <p>A listener that is slow delays the recorder's thread, so the in-memory metrics and the other
 * listeners, by as long; while it is slow, outcomes wait in the recorder's bounded queue, and those
 * beyond its capacity are dropped and counted.
 */
public interface OutcomeBatchListener {
  /**
   * Takes one batch of outcomes, after the recorder has added them to its store and handed them to
   * its per-outcome listeners. Must not throw (exceptions are logged and the batch is gone).
   *
   * @param batch the outcomes in the order they were queued; the list is reused after the call
   */
  void onBatch(List<AttemptOutcome> batch);

  /**
   * Time-based work (clean-ups, retries of a failed resource), on the recorder's thread: after each
   * batch, and at least once a second while no outcome comes. Must be quick when there is nothing to
   * do. The default does nothing.
   */
  default void tick() {}
}
