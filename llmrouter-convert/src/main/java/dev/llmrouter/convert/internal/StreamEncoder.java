package dev.llmrouter.convert.internal;

import dev.llmrouter.api.model.StreamEvent;
import java.util.List;

/**
 * Turns common stream events into one client stream's frames (complete SSE events). Tolerates
 * sequences that lack their start or stop events, so the client always gets a valid stream. Not
 * thread-safe; one instance per stream.
 */
public interface StreamEncoder {
  /**
   * Encodes one event.
   *
   * @param event the next common event
   * @return complete SSE events, maybe none; none once the stream has ended
   */
  List<byte[]> onEvent(StreamEvent event);

  /**
   * Closes open blocks and sends the terminal frames if they were not sent yet.
   *
   * @return the closing frames, maybe none
   */
  List<byte[]> finish();

  /**
   * Ends the stream with the protocol's error frame(s), unless it already ended.
   *
   * @param message the text shown to the client
   * @return the error frames, or none when the stream already ended
   */
  List<byte[]> fail(String message);
}
