package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.sse.SseEvent;

/**
 * Watches a passed-through stream without changing it: spots in-band errors and the terminal event,
 * and collects usage for metrics. Not thread-safe; one per stream.
 */
public interface StreamWatcher {
  /** Looks at one event; returns true when it is an in-band error event. */
  boolean onEvent(SseEvent event);

  /** True once the protocol's terminal event was seen (the stream ended properly). */
  boolean completed();

  /**
   * True when the protocol has no terminal event, so the stream is read to EOF even after
   * {@link #completed()} turned true (Gemini); false when the terminal event ends the answer.
   */
  default boolean endsAtEof() {
    return false;
  }

  /** Usage seen so far. */
  Usage usage();
}
