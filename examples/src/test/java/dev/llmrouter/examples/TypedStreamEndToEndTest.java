package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.EventStream;
import dev.llmrouter.scheduler.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A typed stream from an Anthropic Messages client to a Chat Completions channel, over a real OkHttp
 * client and a MockWebServer upstream: the events come from the conversion itself, usage sent after
 * the stop reason included, and a stream that breaks midway ends with an error event.
 */
class TypedStreamEndToEndTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().model("claude-sonnet-4-5").maxTokens(64)
      .addMessage(Message.of(Role.USER, ContentPart.Text.of("hi"))).build();
  private final MockWebServer upstream = new MockWebServer();
  private final BlockingQueue<AttemptOutcome> outcomes = new LinkedBlockingQueue<>();
  private OkHttpClient client;
  private Router router;

  @BeforeEach
  void start() throws Exception {
    upstream.start();
    client = HttpTransport.defaultClientBuilder().build();
    router = Router.builder()
        .providers(Providers.standard(new HttpTransport(client)))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-chat").name("chat").serviceType("openai")
                .baseUrl(upstream.url("/").toString()).apiKeys("sk-up").build())
            .build())
        .outcomeListener(outcomes::add)
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    client.connectionPool().evictAll();
    assertEquals(0, client.connectionPool().connectionCount(), "a connection leaked");
    client.dispatcher().executorService().shutdown();
    upstream.close();
  }

  private List<StreamEvent> read() {
    List<StreamEvent> events = new ArrayList<>();
    try (EventStream<StreamEvent> stream = router.messages().stream(REQUEST)) {
      stream.forEach(events::add);
    }
    return events;
  }

  private AttemptOutcome.Result outcome() throws InterruptedException {
    AttemptOutcome o = outcomes.poll(10, TimeUnit.SECONDS);
    assertTrue(o != null, "no outcome recorded");
    return o.result();
  }

  @Test
  void aConvertedStreamGivesTheCommonEventsWithTheUsageSentAtTheEnd() throws Exception {
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(Sse.CHAT_STREAM).build());
    List<StreamEvent> events = read();
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-123", "claude-sonnet-4-5", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hello"),
        new StreamEvent.TextDelta(0, " world!"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.Stop(StopReason.END_TURN, null),
        new StreamEvent.UsageUpdate(Usage.of(25, 15)),
        new StreamEvent.End()), events);
    assertEquals(AttemptOutcome.Result.SUCCESS, outcome());
  }

  @Test
  void aConvertedStreamBrokenMidwayEndsWithAnErrorEvent() throws Exception {
    String first = "data: {\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
        + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n";
    byte[] bytes = first.getBytes(StandardCharsets.UTF_8);
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .body(new MockResponseBody() {
          @Override
          public long getContentLength() {
            return bytes.length + 1000;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
            sink.flush();
          }
        }).onResponseEnd(new SocketEffect.CloseSocket()).build());
    List<StreamEvent> events = read();
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-9", "claude-sonnet-4-5", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hel")), events.subList(0, 3));
    assertEquals(4, events.size(), events::toString);
    StreamEvent.Error error = (StreamEvent.Error) events.get(3);
    assertTrue(error.message().startsWith("upstream stream failed: "), error.message());
    assertEquals(AttemptOutcome.Result.FAILURE, outcome());
  }
}
