package dev.llmrouter.convert;

import static dev.llmrouter.convert.Frames.data;
import static dev.llmrouter.convert.Frames.str;
import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.fixture;
import static dev.llmrouter.convert.TestSupport.runStream;
import static dev.llmrouter.convert.TestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import dev.llmrouter.convert.validate.StreamValidators;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The StreamConverter contract: completion, in-band errors, fail(), usage, and nothing after the end. */
class StreamConverterTest {
  private static final String CHAT = "fixtures/openai/";

  /** Feeds the first {@code count} events of a fixture, then fails the stream. */
  private static byte[] partThenFail(Protocol client, int count) {
    StreamConverter c = CONVERTER.stream(Protocol.OPENAI_CHAT, client, context(true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<SseEvent> events = SseParser.parse(fixture(CHAT + "stream_tool_calls.sse"));
    for (SseEvent e : events.subList(0, count)) c.onEvent(e).forEach(out::writeBytes);
    c.fail("upstream read timed out").forEach(out::writeBytes);
    assertTrue(c.fail("again").isEmpty());
    assertTrue(c.finish().isEmpty());
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"CLAUDE", "RESPONSES", "GEMINI"})
  void failEndsTheClientStreamWithTheProtocolsErrorMidStream(Protocol client) {
    byte[] out = partThenFail(client, 4);
    StreamValidators.forProtocol(client).validate(out);
    List<JsonObject> frames = data(out);
    JsonObject last = frames.get(frames.size() - 1);
    switch (client) {
      case CLAUDE:
        assertTrue(text(out).endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream read timed out\"}}\n\n"));
        break;
      case RESPONSES:
        assertEquals("response.failed", str(last, "type"));
        assertEquals("upstream read timed out", str(last, "response.error.message"));
        break;
      default:
        assertEquals("upstream read timed out", str(last, "error.message"));
        assertEquals("UNAVAILABLE", str(last, "error.status"));
    }
  }

  @Test
  void failBeforeAnyEventStillGivesAValidStream() {
    for (Protocol client : List.of(Protocol.CLAUDE, Protocol.RESPONSES, Protocol.GEMINI)) {
      StreamConverter c = CONVERTER.stream(Protocol.OPENAI_CHAT, client, context(true));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      c.fail("no upstream").forEach(out::writeBytes);
      StreamValidators.forProtocol(client).validate(out.toByteArray());
    }
  }

  @Test
  void chatClientsGetAnErrorChunk() {
    StreamConverter c = CONVERTER.stream(Protocol.CLAUDE, Protocol.OPENAI_CHAT, context(true));
    List<byte[]> frames = c.fail("boom");
    assertEquals(1, frames.size());
    assertTrue(text(frames.get(0)).startsWith("data: {\"error\":{\"message\":\"boom\""), text(frames.get(0)));
  }

  @Test
  void inBandUpstreamErrorsAreReportedAndEndTheStream() {
    String[][] cases = {
        {"openai", "The server had an error while processing your request."},
        {"claude", "Overloaded"},
        {"gemini", "The model is overloaded. Please try again later."},
        {"responses", "The model failed to generate a response."}};
    for (String[] k : cases) {
      Protocol upstream = Protocol.ofServiceType(k[0]);
      String file = upstream == Protocol.RESPONSES ? "stream_failed.sse" : "stream_error.sse";
      for (Protocol client : Protocol.values()) {
        if (client == upstream) continue;
        StreamConverter c = CONVERTER.stream(upstream, client, context(true));
        byte[] out = runStream(c, fixture("fixtures/" + k[0] + "/" + file));
        StreamValidators.forProtocol(client).validate(out);
        assertEquals(k[1], c.upstreamError(), k[0] + " -> " + client);
        assertFalse(c.completed());
        assertTrue(text(out).contains(k[1]), text(out));
      }
    }
  }

  @Test
  void completedOnlyWhenTheUpstreamTerminalEventArrived() {
    StreamConverter done = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    runStream(done, fixture(CHAT + "stream_text.sse"));
    assertTrue(done.completed());
    assertNull(done.upstreamError());
    StreamConverter cut = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    runStream(cut, fixture(CHAT + "stream_truncated.sse"));
    assertFalse(cut.completed());
    StreamConverter gemini = CONVERTER.stream(Protocol.GEMINI, Protocol.CLAUDE, context(true));
    runStream(gemini, fixture("fixtures/gemini/stream_text.sse"));
    assertTrue(gemini.completed());
  }

  @Test
  void usageIsTheLatestCumulativeReport() {
    StreamConverter chat = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    runStream(chat, fixture(CHAT + "stream_tool_calls.sse"));
    assertEquals(new Usage(16, 40, 64, 0, 0, false), chat.usage());
    StreamConverter claude = CONVERTER.stream(Protocol.CLAUDE, Protocol.RESPONSES, context(true));
    runStream(claude, fixture("fixtures/claude/stream_text.sse"));
    assertEquals(new Usage(25, 15, 0, 0, 0, false), claude.usage());
    StreamConverter none = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    runStream(none, fixture(CHAT + "stream_no_usage.sse"));
    assertEquals(Usage.NONE, none.usage());
  }

  @Test
  void nothingIsSentAfterTheEnd() {
    StreamConverter c = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    runStream(c, fixture(CHAT + "stream_text.sse"));
    assertTrue(c.finish().isEmpty());
    assertTrue(c.fail("late").isEmpty());
    assertTrue(c.onEvent(SseEvent.of(null, "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}")).isEmpty());
  }

  @Test
  void streamWithoutUsageStillEndsWithZeroUsage() {
    byte[] out = runStream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, fixture(CHAT + "stream_no_usage.sse"));
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(out);
    JsonObject delta = Frames.ofType(out, "message_delta").get(0);
    assertEquals("max_tokens", str(delta, "delta.stop_reason"));
    assertEquals("0", str(delta, "usage.output_tokens"));
  }

  @Test
  void eventsForOneStreamAreIndependentOfAnother() {
    byte[] a = runStream(Protocol.OPENAI_CHAT, Protocol.RESPONSES, fixture(CHAT + "stream_text.sse"));
    byte[] b = runStream(Protocol.OPENAI_CHAT, Protocol.RESPONSES, fixture(CHAT + "stream_text.sse"));
    assertEquals(text(a), text(b));
  }

  @Test
  void answersNameTheUpstreamModelWhenTheClientGaveNone() {
    dev.llmrouter.api.convert.ConvertContext noModel = new dev.llmrouter.api.convert.ConvertContext(
        null, "gpt-4o", true, () -> "1", false, false);
    byte[] out = runStream(CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, noModel), fixture(CHAT + "stream_text.sse"));
    assertEquals("gpt-4o-mini", str(Frames.ofType(out, "message_start").get(0), "message.model"));
    JsonObject answer = Frames.json(CONVERTER.response(Protocol.OPENAI_CHAT, Protocol.RESPONSES,
        fixture(CHAT + "response_text.json"), noModel));
    assertEquals("gpt-4o-2024-08-06", str(answer, "model"));
  }

  @Test
  void toolCallsWithoutArgumentsGetAnEmptyObject() {
    String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\",\"input\":{}}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":5}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    byte[] bytes = sse.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] chat = runStream(Protocol.CLAUDE, Protocol.OPENAI_CHAT, bytes);
    StreamValidators.forProtocol(Protocol.OPENAI_CHAT).validate(chat);
    StringBuilder args = new StringBuilder();
    for (JsonObject o : data(chat)) {
      String piece = str(o, "choices.0.delta.tool_calls.0.function.arguments");
      if (piece != null) args.append(piece);
    }
    assertEquals("{}", args.toString());
    byte[] responses = runStream(Protocol.CLAUDE, Protocol.RESPONSES, bytes);
    StreamValidators.forProtocol(Protocol.RESPONSES).validate(responses);
    assertEquals("{}", str(Frames.ofType(responses, "response.function_call_arguments.done").get(0), "arguments"));
  }

  @Test
  void aToolCallWhoseNameComesLateKeepsItsFirstArgumentPieces() {
    String sse = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_late\",\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}}]}\n\n"
        + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\":1}\"}}]}}]}\n\n"
        + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
        + "data: [DONE]\n\n";
    byte[] out = runStream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, sse.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StreamValidators.forProtocol(Protocol.CLAUDE).validate(out);
    JsonObject start = Frames.ofType(out, "content_block_start").get(0);
    assertEquals("call_late", str(start, "content_block.id"));
    assertEquals("f", str(start, "content_block.name"));
    StringBuilder args = new StringBuilder();
    for (JsonObject o : Frames.ofType(out, "content_block_delta")) args.append(str(o, "delta.partial_json"));
    assertEquals("{\"a\":1}", args.toString());
  }
}
