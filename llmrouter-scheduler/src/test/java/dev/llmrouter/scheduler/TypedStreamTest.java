package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.provider.StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A typed stream takes the common events that converted frames carry, without decoding their bytes,
 * and decodes the bytes of frames that carry none (passthrough, and error frames made from a message).
 */
class TypedStreamTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().model("claude-x").maxTokens(16)
      .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi"))).build();
  /** Bytes that decode to nothing: a frame's events, when it has them, are all that counts. */
  private static final byte[] OPAQUE = ": converted\n\n".getBytes(StandardCharsets.UTF_8);

  private final ScriptedProvider provider = new ScriptedProvider("claude");
  private final List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();

  private List<StreamEvent> read(StreamFrame... frames) {
    provider.answer("sk-a", call -> FakeExchange.stream(frames));
    Router router = Router.builder().provider(provider).snapshot(RouterFixture.snapshot(channel("a").build()))
        .outcomeListener(outcomes::add).build();
    List<StreamEvent> events = new ArrayList<>();
    try (EventStream<StreamEvent> stream = router.messages().stream(REQUEST)) {
      stream.forEach(events::add);
    }
    return events;
  }

  private static StreamFrame frame(StreamEvent... events) {
    return new StreamFrame(OPAQUE, false, List.of(events));
  }

  @Test
  void convertedFramesGiveTheirEventsAndUsageArrivingAtTheEndWithTheModelTheClientAskedFor() {
    Usage last = new Usage(5, 2, 4, 0, 0, false);
    List<StreamEvent> events = read(
        frame(new StreamEvent.Start("chatcmpl-1", "gpt-4o", null), new StreamEvent.BlockStart(0, ContentPart.Text.of(""))),
        frame(new StreamEvent.TextDelta(0, "Hello")),
        frame(new StreamEvent.BlockStop(0), new StreamEvent.Stop(StopReason.END_TURN, null)),
        frame(new StreamEvent.UsageUpdate(last), new StreamEvent.End()));
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-1", "claude-x", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hello"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.Stop(StopReason.END_TURN, null),
        new StreamEvent.UsageUpdate(last),
        new StreamEvent.End()), events, "nothing is added at the end: the converter closed the stream");
    assertEquals(List.of(Result.SUCCESS), outcomes.stream().map(AttemptOutcome::result).toList());
  }

  @Test
  void aStreamBrokenMidwayEndsWithTheErrorOfItsLastFrame() {
    byte[] error = ("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
        + "\"message\":\"upstream stream failed: connection reset\"}}\n\n").getBytes(StandardCharsets.UTF_8);
    List<StreamEvent> events = read(
        frame(new StreamEvent.Start("chatcmpl-1", "gpt-4o", null), new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
            new StreamEvent.TextDelta(0, "Hel")),
        new StreamFrame(error, true));
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-1", "claude-x", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.Error("api_error", "upstream stream failed: connection reset")), events);
    assertEquals(List.of(Result.FAILURE), outcomes.stream().map(AttemptOutcome::result).toList());
  }

  @Test
  void aPassedThroughStreamCutBeforeItsEndIsClosedFromItsBytes() {
    byte[] start = ("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x-1\",\"content\":[],"
        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n").getBytes(StandardCharsets.UTF_8);
    byte[] delta = ("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hel\"}}\n\n").getBytes(StandardCharsets.UTF_8);
    List<StreamEvent> events = read(StreamFrame.of(start), StreamFrame.of(delta));
    assertEquals(List.of(
        new StreamEvent.Start("msg_1", "claude-x-1", Usage.of(3, 0)),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "hel"),
        new StreamEvent.Stop(StopReason.MAX_TOKENS, null),
        new StreamEvent.BlockStop(0),
        new StreamEvent.End()), events);
  }
}
