package dev.llmrouter.convert.internal;

import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import java.util.List;

/**
 * Turns one upstream stream into common stream events. Not thread-safe; one instance per stream.
 * Blocks get unique increasing indexes; tool arguments are passed on as they come.
 */
public interface StreamDecoder {
  /**
   * Takes one upstream event; events whose data is not JSON are skipped.
   *
   * @param event the next upstream event
   * @return the common events it carries, maybe none
   */
  List<StreamEvent> onEvent(SseEvent event);

  /**
   * The upstream ended. Returns the events that close what is still open (blocks, the stop reason
   * and {@link StreamEvent.End}) when the terminal event has not been seen; otherwise nothing.
   *
   * @return the closing events, maybe none
   */
  List<StreamEvent> finish();
}
