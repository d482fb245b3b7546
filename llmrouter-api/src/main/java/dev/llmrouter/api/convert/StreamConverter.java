package dev.llmrouter.api.convert;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.sse.SseEvent;
import java.util.List;

/**
 * Converts one upstream stream into the client's protocol, event by event: a state machine with no
 * IO, no threads and no clock. Not thread-safe; one instance per stream.
 */
public interface StreamConverter {
  /**
   * Takes one upstream event and returns the client frames it produces.
   *
   * @param event the next upstream event
   * @return complete SSE events in the client's protocol, maybe none; the caller owns the list
   */
  List<byte[]> onEvent(SseEvent event);

  /**
   * Called when the upstream stream ended (cleanly or not). Returns the frames that close the
   * client's stream properly: open blocks are closed and the terminal events sent, so the client
   * always receives a valid stream.
   *
   * @return the closing frames, maybe none
   */
  List<byte[]> finish();

  /**
   * Returns the frames that end the client's stream with an error (after which nothing more is sent).
   *
   * @param message the error message to show the client
   * @return the error frames
   */
  List<byte[]> fail(String message);

  /** {@return true once the upstream's terminal event was seen} */
  boolean completed();

  /** {@return the in-band error the upstream reported, or null} */
  String upstreamError();

  /** {@return the usage seen so far; complete only after the terminal event} */
  Usage usage();

  /**
   * The common events that the last call to {@link #onEvent}, {@link #finish()} or {@link #fail}
   * encoded, in order: what a typed reader of the client's stream takes instead of decoding the
   * frames again. An event may give no frame at once (an encoder can hold it until a later event),
   * so the events and the frames of one call need not match one to one.
   *
   * @return the events of the last call, maybe none, in a list this converter does not change
   *     afterwards (the caller may keep it, not modify it); null when the frames of that call were not
   *     made from common events (the frames of {@link #fail}, or a converter that does not go
   *     through the common model: the default)
   */
  default List<StreamEvent> events() {
    return null;
  }
}
