package dev.llmrouter.scheduler;

import static dev.llmrouter.scheduler.RouterFixture.channel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.config.ConfigException;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.api.outcome.AttemptOutcome.Result;
import dev.llmrouter.api.provider.StreamFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientApiTest {
  private static final String REQUEST =
      "{\"model\":\"claude-x\",\"max_tokens\":16,  \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"x_unknown\":1}";
  private static final String STREAM_REQUEST =
      "{\"model\":\"claude-x\",\"stream\":true,\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":3,\"output_tokens\":2},\"vendor_extra\":true}";
  private static final String SERVER_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";
  private static final String BAD_REQUEST =
      "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too large\"}}";
  private static final List<String> EVENTS = List.of(
      "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}\n\n",
      "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hel\"}}\n\n",
      "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}\n\n",
      "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
      "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n",
      "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  private final ScriptedProvider provider = new ScriptedProvider("claude");
  private final List<AttemptOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  private Router router(ChannelSnapshot snapshot) {
    return Router.builder().provider(provider).snapshot(snapshot).outcomeListener(outcomes::add).build();
  }

  private Router oneChannel() {
    return router(RouterFixture.snapshot(channel("a").build()));
  }

  private static FakeExchange stream() {
    return FakeExchange.stream(EVENTS.stream().map(e -> StreamFrame.of(e.getBytes(StandardCharsets.UTF_8)))
        .toArray(StreamFrame[]::new));
  }

  private List<Result> results() {
    return outcomes.stream().map(AttemptOutcome::result).toList();
  }

  @Test
  void sendPassesTheBodyThroughAndReturnsTheAnswerByteForByte() {
    provider.answer("sk-a", call -> {
      bodies.add(call.request().bodyString());
      return FakeExchange.ok(ANSWER);
    });
    Answer answer = oneChannel().messages().send(REQUEST);
    assertEquals(200, answer.status());
    assertTrue(answer.isSuccessful());
    assertEquals(ANSWER, answer.bodyString());
    assertEquals("a", answer.channel().id());
    assertEquals(1, answer.attempts());
    assertEquals(List.of(REQUEST), bodies);
    assertEquals(List.of(Result.SUCCESS), results());
  }

  @Test
  void sendAndStreamRefuseTheOtherKindOfRequest() {
    Router r = oneChannel();
    assertEquals("send() needs a request that does not ask for a stream; use stream() for \"stream\": true",
        assertThrows(IllegalArgumentException.class, () -> r.messages().send(STREAM_REQUEST)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.messages().stream(REQUEST));
    assertThrows(IllegalArgumentException.class, () -> r.responses().sendAsync(STREAM_REQUEST));
    assertEquals(0, provider.calls.size());
  }

  @Test
  void errorsAreAnswersForSendAndExceptionsForStream() {
    provider.answer("sk-a", call -> FakeExchange.error(500, SERVER_ERROR));
    Router r = oneChannel();
    Answer answer = r.messages().send(REQUEST);
    assertEquals(502, answer.status());
    assertEquals(SERVER_ERROR, answer.bodyString());
    RouterCallException e = assertThrows(RouterCallException.class, () -> r.messages().stream(STREAM_REQUEST));
    assertEquals(502, e.status());
    assertEquals("502 boom", e.getMessage());
    assertEquals(SERVER_ERROR, e.answer().bodyString());
    Answer none = router(ChannelSnapshot.empty()).messages().send(REQUEST);
    assertEquals(503, none.status());
    assertEquals(0, none.attempts());
    assertEquals(null, none.channel());
  }

  @Test
  void streamHandsOutTheFramesInOrderAndSettlesOnceAtTheEnd() {
    FakeExchange upstream = stream();
    provider.answer("sk-a", call -> upstream);
    List<String> frames = new ArrayList<>();
    try (EventStream<StreamFrame> events = oneChannel().messages().stream(STREAM_REQUEST)) {
      assertEquals("a", events.channel().id());
      assertEquals("text/event-stream", events.contentType());
      for (StreamFrame f : events) frames.add(f.text());
      assertTrue(upstream.closed, "the end releases the upstream at once");
      assertEquals(List.of(Result.SUCCESS), results());
      assertThrows(IllegalStateException.class, events::iterator, "read once");
    }
    assertEquals(EVENTS, frames);
    assertFalse(upstream.cancelled);
    assertEquals(1, outcomes.size());
  }

  @Test
  void closingHalfWayCancelsTheUpstreamAndCountsAsCancelled() {
    FakeExchange upstream = stream();
    provider.answer("sk-a", call -> upstream);
    Router r = oneChannel();
    try (EventStream<StreamFrame> events = r.messages().stream(STREAM_REQUEST)) {
      assertEquals(EVENTS.get(0), events.iterator().next().text());
    }
    assertTrue(upstream.cancelled);
    assertTrue(upstream.closed);
    assertEquals(List.of(Result.CANCELLED), results());
    assertEquals(0, r.health.outstandingPermits());
  }

  @Test
  void closingRightAfterAnErrorFrameCountsAsTheChannelsFailureNotACancel() {
    FakeExchange upstream = FakeExchange.stream(StreamFrame.of(EVENTS.get(0).getBytes(StandardCharsets.UTF_8)),
        new StreamFrame("event: error\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8), true));
    provider.answer("sk-a", call -> upstream);
    try (EventStream<StreamFrame> events = oneChannel().messages().stream(STREAM_REQUEST)) {
      Iterator<StreamFrame> it = events.iterator();
      it.next();
      assertTrue(it.next().error());
    }
    assertFalse(upstream.cancelled);
    assertEquals(List.of(Result.FAILURE), results());
  }

  @Test
  void closingTheJavaStreamClosesTheEventStream() {
    FakeExchange upstream = stream();
    provider.answer("sk-a", call -> upstream);
    try (Stream<StreamFrame> frames = oneChannel().messages().stream(STREAM_REQUEST).stream()) {
      assertEquals(EVENTS.subList(0, 2), frames.limit(2).map(StreamFrame::text).collect(Collectors.toList()));
    }
    assertTrue(upstream.cancelled);
    assertEquals(List.of(Result.CANCELLED), results());
  }

  @Test
  void typedSendEncodesTheRequestAndDecodesTheAnswer() {
    provider.answer("sk-a", call -> {
      bodies.add(call.request().bodyString());
      return FakeExchange.ok(ANSWER);
    });
    ChatRequest request = ChatRequest.builder().model("claude-x").maxTokens(16)
        .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi"))).build();
    ChatResponse answer = oneChannel().messages().send(request);
    assertEquals(List.of(ContentPart.Text.of("hello")), answer.content());
    assertEquals(StopReason.END_TURN, answer.stopReason());
    assertEquals(3, answer.usage().inputTokens());
    assertEquals(2, answer.usage().outputTokens());
    JsonObject sent = Json.parseObject(bodies.get(0));
    assertEquals("claude-x", sent.getString("model"));
    assertEquals(16, sent.getLong("max_tokens", -1));
    assertEquals("[{\"role\":\"user\",\"content\":\"hi\"}]", Json.writeString(sent.getArray("messages")));
    assertFalse(sent.has("stream"));
  }

  @Test
  void typedErrorsThrowWithTheUpstreamMessage() {
    provider.answer("sk-a", call -> FakeExchange.error(400, BAD_REQUEST));
    ChatRequest request = ChatRequest.builder().model("claude-x").maxTokens(1 << 30)
        .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi"))).build();
    RouterCallException e = assertThrows(RouterCallException.class, () -> oneChannel().messages().send(request));
    assertEquals(400, e.status());
    assertEquals("400 max_tokens: too large", e.getMessage());
    assertEquals(BAD_REQUEST, e.answer().bodyString());
  }

  @Test
  void typedStreamDecodesTheClientEvents() {
    provider.answer("sk-a", call -> {
      bodies.add(call.request().bodyString());
      return stream();
    });
    ChatRequest request = ChatRequest.builder().model("claude-x").maxTokens(16)
        .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi"))).build();
    List<StreamEvent> events = new ArrayList<>();
    try (EventStream<StreamEvent> stream = oneChannel().messages().stream(request)) {
      stream.forEach(events::add);
    }
    assertTrue(Json.parseObject(bodies.get(0)).getBoolean("stream", false));
    assertEquals(List.of(
        new StreamEvent.Start("msg_1", "claude-x", Usage.of(3, 0)),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "hel"),
        new StreamEvent.TextDelta(0, "lo"),
        new StreamEvent.BlockStop(0)), events.subList(0, 5));
    assertEquals(StopReason.END_TURN, events.stream().filter(e -> e instanceof StreamEvent.Stop)
        .map(e -> ((StreamEvent.Stop) e).reason()).findFirst().orElseThrow());
    assertEquals(new StreamEvent.End(), events.get(events.size() - 1));
    assertEquals(List.of(Result.SUCCESS), results());
  }

  @Test
  void typedCallsSpeakEachClientApisOwnShape() {
    List<String> seen = new CopyOnWriteArrayList<>();
    provider.answer("sk-r", call -> {
      seen.add(call.request().path() + " " + call.request().bodyString());
      return FakeExchange.ok("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-x\","
          + "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\","
          + "\"content\":[{\"type\":\"output_text\",\"text\":\"hello\",\"annotations\":[]}]}],"
          + "\"usage\":{\"input_tokens\":3,\"output_tokens\":2,\"total_tokens\":5}}");
    }).answer("sk-g", call -> {
      seen.add(call.request().path() + " " + call.request().bodyString());
      return FakeExchange.ok("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hello\"}]},"
          + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}");
    });
    Router r = router(ChannelSnapshot.builder()
        .add(ApiKind.RESPONSES, channel("r").build())
        .add(ApiKind.GEMINI, channel("g").build())
        .build());
    ChatRequest.Builder request = ChatRequest.builder().maxTokens(16)
        .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi")));
    ChatResponse responses = r.responses().send(request.model("gpt-x").build());
    ChatResponse gemini = r.gemini().generateContent(request.model("gemini-x").build());
    for (ChatResponse answer : List.of(responses, gemini)) {
      assertEquals(List.of(ContentPart.Text.of("hello")), answer.content());
      assertEquals(StopReason.END_TURN, answer.stopReason());
      assertEquals(3, answer.usage().inputTokens());
      assertEquals(2, answer.usage().outputTokens());
    }
    assertTrue(seen.get(0).startsWith("/v1/responses {\"model\":\"gpt-x\""), seen.get(0));
    assertTrue(seen.get(0).contains("\"max_output_tokens\":16"), seen.get(0));
    assertTrue(seen.get(1).startsWith("/v1beta/models/gemini-x:generateContent {"), seen.get(1));
    assertTrue(seen.get(1).contains("\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]"), seen.get(1));
  }

  @Test
  void eachClientApiRoutesToItsOwnChannels() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ScriptedProvider.Answer record = call -> {
      seen.add(call.channel().id() + " " + call.request().kind() + " " + call.request().path() + " "
          + call.request().model());
      return FakeExchange.ok("{}");
    };
    provider.answer("sk-m", record).answer("sk-r", record).answer("sk-g", record);
    Router r = router(ChannelSnapshot.builder()
        .add(ApiKind.MESSAGES, channel("m").build())
        .add(ApiKind.RESPONSES, channel("r").build())
        .add(ApiKind.GEMINI, channel("g").build())
        .build());
    assertEquals(200, r.messages().send(REQUEST).status());
    assertEquals(200, r.responses().send("{\"model\":\"gpt-x\",\"input\":\"hi\"}").status());
    assertEquals(200, r.gemini().generateContent("gemini-x", "{\"contents\":[]}").status());
    assertEquals(List.of("m MESSAGES /v1/messages claude-x", "r RESPONSES /v1/responses gpt-x",
        "g GEMINI /v1beta/models/gemini-x:generateContent gemini-x"), seen);
    assertEquals(ApiKind.RESPONSES, r.responses().kind());
  }

  @Test
  void cancellingAnAsyncSendCancelsTheUpstreamCallOnTheRoutersExecutor() throws Exception {
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    provider.answer("sk-a", call -> {
      call.cancel().onCancel(cancelled::countDown);
      opened.countDown();
      try {
        if (!cancelled.await(10, TimeUnit.SECONDS)) throw new IOException("never cancelled");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Canceled");
    });
    List<String> threads = new CopyOnWriteArrayList<>();
    Router r = Router.builder().provider(provider).snapshot(RouterFixture.snapshot(channel("a").build()))
        .outcomeListener(outcomes::add)
        .executor(task -> {
          Thread t = new Thread(task, "app-pool");
          threads.add(t.getName());
          t.start();
        })
        .build();
    CompletableFuture<Answer> future = r.messages().sendAsync(REQUEST);
    assertTrue(opened.await(10, TimeUnit.SECONDS));
    assertTrue(future.cancel(true));
    assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the upstream call was not cancelled");
    assertThrows(CancellationException.class, future::join);
    assertEquals(List.of("app-pool"), threads);
  }

  @Test
  void asyncSendCompletesWithTheAnswer() throws Exception {
    provider.answer("sk-a", call -> FakeExchange.ok(ANSWER));
    assertEquals(ANSWER, oneChannel().messages().sendAsync(REQUEST).get(10, TimeUnit.SECONDS).bodyString());
  }

  @Test
  void routerReadsItsChannelsFromAConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"upstream\":[{\"id\":\"ch-file\",\"name\":\"file\",\"serviceType\":\"claude\","
        + "\"baseUrl\":\"https://file.example\",\"apiKeys\":[\"sk-file\"],\"status\":\"active\"}],"
        + "\"fuzzyModeEnabled\":true}");
    provider.answer("sk-file", call -> FakeExchange.ok(ANSWER));
    Router r = Router.builder().provider(provider).fromConfigFile(file).build();
    assertTrue(r.snapshot().fuzzyModeEnabled());
    Answer answer = r.messages().send(REQUEST);
    assertEquals("ch-file", answer.channel().id());
    Files.writeString(file, "{\"upstream\":[{\"serviceType\":\"nope\",\"baseUrl\":\"https://x.example\"}]}");
    ConfigException e = assertThrows(ConfigException.class, () -> Router.builder().fromConfigFile(file));
    assertTrue(e.getMessage().contains("upstream[0].serviceType"), e.getMessage());
    assertThrows(java.io.UncheckedIOException.class, () -> Router.builder().fromConfigFile(dir.resolve("missing.json")));
  }
}
