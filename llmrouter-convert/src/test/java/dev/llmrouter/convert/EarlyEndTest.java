package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.dir;
import static dev.llmrouter.convert.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import dev.llmrouter.convert.validate.InvalidStreamException;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever point an upstream stream stops at, the client still gets a valid stream: every recorded
 * stream is cut after each of its events and closed with {@code finish()}, and again with
 * {@code fail()}, and each result must pass the client protocol's validator.
 */
class EarlyEndTest {
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    String[][] streams = {
        {"claude", "stream_text.sse"}, {"claude", "stream_tool_use.sse"}, {"claude", "stream_thinking.sse"},
        {"claude", "stream_interleaved.sse"}, {"openai", "stream_tool_calls.sse"}, {"openai", "stream_reasoning.sse"},
        {"openai", "stream_interleaved.sse"}, {"gemini", "stream_function_call.sse"}, {"gemini", "stream_thought.sse"},
        {"responses", "stream_reasoning.sse"}, {"responses", "stream_function_call.sse"}};
    for (String[] s : streams) {
      Protocol upstream = Protocol.ofServiceType(s[0]);
      for (Protocol client : Protocol.values()) {
        if (client != upstream) cases.add(Arguments.of(upstream, client, s[1]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("cases")
  void everyPrefixEndsAsAValidStream(Protocol upstream, Protocol client, String file) {
    List<SseEvent> events = SseParser.parse(fixture("fixtures/" + dir(upstream) + "/" + file));
    assertTrue(events.size() > 1);
    for (int cut = 0; cut <= events.size(); cut++) {
      for (boolean failing : new boolean[] {false, true}) {
        StreamConverter c = CONVERTER.stream(upstream, client, context(true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SseEvent e : events.subList(0, cut)) c.onEvent(e).forEach(out::writeBytes);
        (failing ? c.fail("cut") : c.finish()).forEach(out::writeBytes);
        try {
          StreamValidators.forProtocol(client).validate(out.toByteArray());
        } catch (InvalidStreamException e) {
          throw new AssertionError("cut after " + cut + " events" + (failing ? " then fail()" : "") + ": " + e.getMessage(), e);
        }
      }
    }
  }
}
