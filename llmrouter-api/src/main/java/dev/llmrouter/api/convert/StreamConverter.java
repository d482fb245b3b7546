package dev.llmrouter.api.convert;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.sse.SseEvent;
import java.util.List;

/**
 * Converts one upstream stream into the client's protocol, event by event: a state machine with no
 * IO, no threads and no clock. Not thread-safe; one instance per stream.
 */
public interface StreamConverter {
  /** Takes one upstream event and returns the client frames (complete SSE events) it produces, maybe none. */
  List<byte[]> onEvent(SseEvent event);

  /**
   * Called when the upstream stream ended (cleanly or not). Returns the frames that close the
   * client's stream properly: open blocks are closed and the terminal events sent, so the client
   * always receives a valid stream.
   */
  List<byte[]> finish();

  /** Returns the frames that end the client's stream with an error (after which nothing more is sent). */
  List<byte[]> fail(String message);

  /** True once the upstream's terminal event was seen. */
  boolean completed();

  /** The in-band error the upstream reported, or null. */
  String upstreamError();

  /** Usage seen so far. */
  Usage usage();
}
