package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.convert.StreamConverter;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import dev.llmrouter.api.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Typed streams read the common events that converted frames carry ({@link StreamConverter#events()}
 * through {@link StreamFrame#events()}) instead of decoding the client's bytes again, and decode the
 * bytes of frames that carry no events.
 */
class TypedCodecTest {
  private static final List<String> STREAMS = List.of(
      "claude/stream_text.sse", "claude/stream_error.sse", "claude/stream_interleaved.sse",
      "claude/stream_max_tokens.sse", "claude/stream_thinking.sse", "claude/stream_tool_use.sse",
      "claude/stream_truncated.sse",
      "gemini/stream_error.sse", "gemini/stream_function_call.sse", "gemini/stream_max_tokens.sse",
      "gemini/stream_text.sse", "gemini/stream_thought.sse", "gemini/stream_truncated.sse",
      "openai/stream_error.sse", "openai/stream_interleaved.sse", "openai/stream_no_usage.sse",
      "openai/stream_reasoning.sse", "openai/stream_text.sse", "openai/stream_tool_calls.sse",
      "openai/stream_truncated.sse");

  static Stream<Arguments> pairs() {
    List<Arguments> out = new ArrayList<>();
    for (String stream : STREAMS) {
      Protocol upstream = Protocol.ofServiceType(stream.substring(0, stream.indexOf('/')));
      for (Protocol client : Protocol.values()) {
        if (client != upstream) out.add(Arguments.of(stream, upstream, client));
      }
    }
    return out.stream();
  }

  /**
   * The frames a converting exchange hands out: one per call that gave bytes, carrying the events of
   * that call and of the calls before it that gave none; an upstream error ends the stream.
   */
  private static List<StreamFrame> convert(Protocol upstream, Protocol client, byte[] sse) {
    StreamConverter c = CONVERTER.stream(upstream, client, context(true));
    List<StreamFrame> out = new ArrayList<>();
    List<StreamEvent> pending = new ArrayList<>();
    for (SseEvent e : SseParser.parse(sse)) {
      List<byte[]> bytes = c.onEvent(e);
      pending.addAll(c.events());
      if (c.upstreamError() != null) {
        out.add(new StreamFrame(join(bytes), true, pending));
        return out;
      }
      if (!bytes.isEmpty()) {
        out.add(new StreamFrame(join(bytes), false, pending));
        pending = new ArrayList<>();
      }
    }
    List<byte[]> bytes = c.finish();
    pending.addAll(c.events());
    if (!bytes.isEmpty()) out.add(new StreamFrame(join(bytes), false, pending));
    return out;
  }

  private static byte[] join(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static List<StreamEvent> read(Protocol client, List<StreamFrame> frames) {
    TypedCodec.FrameReader reader = TypedCodec.of(client).newFrameReader(context(true));
    List<StreamEvent> out = new ArrayList<>();
    for (StreamFrame f : frames) out.addAll(reader.onFrame(f));
    out.addAll(reader.finish());
    return out;
  }

  private static List<StreamFrame> bytesOnly(List<StreamFrame> frames) {
    return frames.stream().map(f -> new StreamFrame(f.bytes(), f.error())).toList();
  }

  /** What the upstream's own decoder reads from the upstream's bytes, one frame per upstream event. */
  private static List<StreamEvent> decodedUpstream(Protocol upstream, byte[] sse) {
    List<StreamFrame> frames = SseParser.parse(sse).stream().map(e -> StreamFrame.of(e.raw())).toList();
    List<StreamEvent> out = new ArrayList<>();
    for (StreamEvent e : read(upstream, frames)) {
      // The answer's model is the client's, as the encoders write it.
      out.add(e instanceof StreamEvent.Start s ? new StreamEvent.Start(s.id(), "client-model", s.usage()) : e);
      if (e instanceof StreamEvent.Error) break;
    }
    return out;
  }

  @ParameterizedTest(name = "{0} to {2}")
  @MethodSource("pairs")
  void aConvertedStreamGivesTheUpstreamsCommonEventsWithoutDecodingTheClientsBytes(String stream, Protocol upstream,
      Protocol client) {
    byte[] sse = fixture("fixtures/" + stream);
    List<StreamFrame> frames = convert(upstream, client, sse);
    // The client's bytes are garbled: only the events can give the answer.
    List<StreamFrame> garbled = frames.stream()
        .map(f -> new StreamFrame("data: {\"garbled\":true}\n\n".getBytes(StandardCharsets.UTF_8), f.error(), f.events()))
        .toList();
    assertEquals(withoutMadeIds(decodedUpstream(upstream, sse)), withoutMadeIds(read(client, garbled)));
  }

  /** Gemini has no tool-call ids; the decoder makes them from the context's counter, which differs here. */
  private static List<StreamEvent> withoutMadeIds(List<StreamEvent> events) {
    return events.stream().map(e -> e instanceof StreamEvent.BlockStart b && b.block() instanceof ContentPart.ToolCall c
        && c.id().matches("call_\\d+") ? new StreamEvent.BlockStart(b.index(),
            new ContentPart.ToolCall("call_", c.name(), c.arguments(), c.signature())) : e).toList();
  }

  @ParameterizedTest(name = "{0} to {2}")
  @MethodSource("pairs")
  void theEventsCarryTheSameAnswerAsTheClientsBytes(String stream, Protocol upstream, Protocol client) {
    List<StreamFrame> frames = convert(upstream, client, fixture("fixtures/" + stream));
    Answer typed = Answer.of(read(client, frames));
    Answer wire = Answer.of(read(client, bytesOnly(frames)));
    assertEquals(wire.text, typed.text);
    // A tool call cut off mid-way shows as {} in Gemini's wire, which has no partial arguments; the
    // events keep what arrived.
    if (!(client == Protocol.GEMINI && stream.contains("truncated"))) assertEquals(wire.tools, typed.tools);
    assertEquals(wire.stop, typed.stop);
    assertEquals(wire.error, typed.error);
    assertEquals(wire.ended, typed.ended);
    // What the client's protocol can carry of the usage is the same; the events may carry more (a
    // usage report in a stream that broke, which the client's error event has no room for). Where
    // the upstream reported none, the events carry none, while an Anthropic client's message_start
    // needs zeros.
    if (wire.usage != null && typed.usage == null) {
      assertEquals(Usage.of(0, 0), wire.usage, "only a placeholder");
    } else if (wire.usage != null) {
      assertEquals(wire.usage.outputTokens(), typed.usage.outputTokens());
    }
  }

  /** The content of a typed stream, whatever its event order. */
  private record Answer(String text, String tools, StopReason stop, Usage usage, String error, boolean ended) {
    static Answer of(List<StreamEvent> events) {
      StringBuilder text = new StringBuilder();
      java.util.Map<Integer, StringBuilder> tools = new java.util.TreeMap<>();
      StopReason stop = null;
      Usage usage = null;
      String error = null;
      boolean ended = false;
      for (StreamEvent e : events) {
        if (e instanceof StreamEvent.TextDelta t) text.append(t.text());
        if (e instanceof StreamEvent.BlockStart b && b.block() instanceof ContentPart.ToolCall c) {
          tools.put(b.index(), new StringBuilder(c.id() + " " + c.name() + " "));
        }
        if (e instanceof StreamEvent.ToolArgsDelta a) tools.get(a.index()).append(a.partialJson());
        if (e instanceof StreamEvent.Stop s) stop = s.reason();
        if (e instanceof StreamEvent.Start st && st.usage() != null) usage = st.usage();
        if (e instanceof StreamEvent.UsageUpdate u) usage = u.usage();
        if (e instanceof StreamEvent.Error err) error = err.message();
        if (e instanceof StreamEvent.End) ended = true;
      }
      List<String> calls = tools.values().stream().map(t -> t.toString().replace(" ", "")).toList();
      return new Answer(text.toString(), calls.toString(), stop, usage, error, ended);
    }
  }

  @Test
  void aStreamBrokenMidwayEndsWithTheErrorItsClientFrameCarries() {
    StreamConverter c = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    List<StreamFrame> frames = new ArrayList<>();
    byte[] first = join(c.onEvent(SseEvent.of(null,
        "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}")));
    frames.add(new StreamFrame(first, false, c.events()));
    byte[] fail = join(c.fail("upstream stream failed: connection reset"));
    assertNull(c.events(), "the fail frames are made from the message, not from events");
    frames.add(new StreamFrame(fail, true, c.events()));
    List<StreamEvent> events = read(Protocol.CLAUDE, frames);
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-1", "client-model", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.Error("api_error", "upstream stream failed: connection reset")), events);
  }

  @Test
  void usageArrivingAfterTheStopReasonIsHandedOnWithTheFrameThatCarriesIt() {
    StreamConverter c = CONVERTER.stream(Protocol.OPENAI_CHAT, Protocol.CLAUDE, context(true));
    List<StreamFrame> frames = new ArrayList<>();
    List<StreamEvent> pending = new ArrayList<>();
    for (String data : List.of(
        "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
        "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
        "{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}",
        "[DONE]")) {
      byte[] bytes = join(c.onEvent(SseEvent.of(null, data)));
      pending.addAll(c.events());
      if (bytes.length > 0) {
        frames.add(new StreamFrame(bytes, false, pending));
        pending = new ArrayList<>();
      }
    }
    byte[] closing = join(c.finish());
    pending.addAll(c.events());
    if (closing.length > 0) frames.add(new StreamFrame(closing, false, pending));
    assertTrue(pending.isEmpty() || closing.length > 0, "no event is left without a frame");
    List<StreamEvent> events = read(Protocol.CLAUDE, frames);
    Usage last = events.stream().filter(e -> e instanceof StreamEvent.UsageUpdate)
        .map(e -> ((StreamEvent.UsageUpdate) e).usage()).reduce((a, b) -> b).orElseThrow();
    assertEquals(3, last.inputTokens(), "input excludes the cached tokens");
    assertEquals(4, last.cacheReadTokens());
    assertEquals(2, last.outputTokens());
    assertEquals(new StreamEvent.Stop(StopReason.END_TURN, null),
        events.stream().filter(e -> e instanceof StreamEvent.Stop).findFirst().orElseThrow());
    assertEquals(new StreamEvent.End(), events.get(events.size() - 1));
  }

  @Test
  void framesOfBytesAloneAreDecodedAndClosedAtTheEndAsBefore() {
    byte[] truncated = fixture("fixtures/claude/stream_truncated.sse");
    List<StreamFrame> frames = SseParser.parse(truncated).stream().map(e -> StreamFrame.of(e.raw())).toList();
    List<StreamEvent> events = read(Protocol.CLAUDE, frames);
    assertEquals(new StreamEvent.End(), events.get(events.size() - 1), "finish closes a truncated stream");
    assertTrue(events.get(0) instanceof StreamEvent.Start s && !"client-model".equals(s.model()),
        "a passed-through stream keeps the upstream's model: " + events.get(0));
  }

  @Test
  void errorMessagesAndAnswersAreReadFromBytes() {
    TypedCodec claude = TypedCodec.of(Protocol.CLAUDE);
    assertEquals("boom", claude.errorMessage(
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}".getBytes(StandardCharsets.UTF_8)));
    assertNull(claude.errorMessage("not json".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(ContentPart.Text.of("hi")), claude.decodeResponse(("{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")
        .getBytes(StandardCharsets.UTF_8), context(false)).content());
  }
}
