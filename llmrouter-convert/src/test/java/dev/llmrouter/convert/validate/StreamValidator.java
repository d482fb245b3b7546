package dev.llmrouter.convert.validate;

import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import java.util.List;

/** Checks that a complete client stream follows its protocol. Implementations are stateless and thread-safe. */
public interface StreamValidator {
  /**
   * Validates a complete stream.
   *
   * @param events the stream's events, in order
   * @throws InvalidStreamException at the first violation, naming the event and the rule
   */
  void validate(List<SseEvent> events);

  /**
   * Parses and validates a complete SSE byte stream.
   *
   * @param stream the stream bytes, UTF-8
   * @throws InvalidStreamException at the first violation, naming the event and the rule
   */
  default void validate(byte[] stream) {
    validate(SseParser.parse(stream));
  }
}
