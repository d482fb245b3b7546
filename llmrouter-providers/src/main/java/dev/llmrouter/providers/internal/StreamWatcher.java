package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.sse.SseEvent;

/**
 * Watches a passed-through stream without changing it: spots in-band errors and the terminal event,
 * and collects usage for metrics. Not thread-safe; one per stream.
 */
public interface StreamWatcher {
  /**
   * Looks at one event, in stream order.
   *
   * @param event the event as read from the upstream; not changed
   * @return true when it is an in-band error event
   */
  boolean onEvent(SseEvent event);

  /** {@return true once the protocol's terminal event was seen (the stream ended properly)} */
  boolean completed();

  /**
   * Tells whether the stream is read to EOF even after {@link #completed()} turned true, because
   * the protocol has no terminal event (Gemini).
   *
   * @return true to read on to EOF; false (the default) when the terminal event ends the answer
   */
  default boolean endsAtEof() {
    return false;
  }

  /** {@return the usage seen so far; never null} */
  Usage usage();
}
