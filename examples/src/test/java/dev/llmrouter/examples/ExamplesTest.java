package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.scheduler.Answer;
import dev.llmrouter.server.RouterServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Runs every example against MockWebServer upstreams, so that none of them rots. */
class ExamplesTest {
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";

  @Test
  void failoverExampleFallsBackToTheBackupWithinOneCall() throws Exception {
    try (MockWebServer primary = new MockWebServer(); MockWebServer backup = new MockWebServer()) {
      primary.start();
      backup.start();
      primary.enqueue(new MockResponse.Builder().code(529).body(Sse.OVERLOADED).build());
      backup.enqueue(new MockResponse.Builder().body(ANSWER).build());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      Answer answer = FailoverExample.run(primary.url("/").toString(), backup.url("/").toString(),
          new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertEquals(200, answer.status());
      assertEquals(ANSWER, answer.bodyString());
      assertEquals("attempt primary -> 529 FAILURE\nattempt backup -> 200 SUCCESS\n"
          + "answered by backup after 2 attempt(s): 200 " + ANSWER + "\n", buf.toString(StandardCharsets.UTF_8));
      RecordedRequest first = primary.takeRequest();
      RecordedRequest second = backup.takeRequest();
      assertEquals("sk-ant-primary", first.getHeaders().get("x-api-key"));
      assertEquals("sk-ant-backup", second.getHeaders().get("x-api-key"));
      assertEquals(first.getBody().utf8(), second.getBody().utf8(), "the same bytes go to the backup");
    }
  }

  @Test
  void streamingResponsesExamplePrintsTheTextOfAChatCompletionsStreamAsItArrives() throws Exception {
    try (MockWebServer chat = new MockWebServer()) {
      chat.start();
      chat.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(Sse.CHAT_STREAM).build());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      String text = StreamingResponsesExample.run(chat.url("/").toString(), "sk-openai",
          new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertEquals("Hello world!", text);
      assertEquals("Hello world!\n", buf.toString(StandardCharsets.UTF_8));
      RecordedRequest upstream = chat.takeRequest();
      assertEquals("/v1/chat/completions", upstream.getUrl().encodedPath());
      assertEquals("Bearer sk-openai", upstream.getHeaders().get("Authorization"));
      JsonObject sent = Json.parseObject(upstream.getBody().utf8());
      assertEquals("gpt-4o-mini", sent.getString("model"));
      assertTrue(sent.getBoolean("stream", false));
      assertEquals("user", sent.getArray("messages").get(0).asObject().getString("role"));
    }
  }

  @Test
  void costAwareRulePicksTheCheapestChannelAndFailsOverToTheNextCheapest() throws Exception {
    try (MockWebServer premium = new MockWebServer(); MockWebServer budget = new MockWebServer()) {
      premium.start();
      budget.start();
      budget.enqueue(new MockResponse.Builder().body(ANSWER).build());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
      assertEquals("ch-budget", CostAwareRoutingExample.run(premium.url("/").toString(), budget.url("/").toString(), out)
          .channel().id(), "cheaper, although its priority is lower");
      assertEquals("claude-sonnet-4-5-discount", Json.parseObject(budget.takeRequest().getBody().utf8()).getString("model"));
      budget.enqueue(new MockResponse.Builder().code(500).body(Sse.OVERLOADED).build());
      premium.enqueue(new MockResponse.Builder().body(ANSWER).build());
      assertEquals("ch-premium", CostAwareRoutingExample.run(premium.url("/").toString(), budget.url("/").toString(), out)
          .channel().id());
      assertEquals("budget -> 200\npremium -> 200\n", buf.toString(StandardCharsets.UTF_8));
      assertEquals(1, premium.getRequestCount());
      assertEquals(2, budget.getRequestCount());
    }
  }

  @Test
  void echoProviderAnswersWithTheLastUserMessage() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String body = EchoProviderExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertTrue(body.contains("\"text\":\"Hello, echo!\""), body);
    assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("200 "));
  }

  @Test
  void twoRoutersUseOnlyTheirOwnChannels() throws Exception {
    try (MockWebServer a = new MockWebServer(); MockWebServer b = new MockWebServer()) {
      a.start();
      b.start();
      a.enqueue(new MockResponse.Builder().body(ANSWER).build());
      b.enqueue(new MockResponse.Builder().body(ANSWER).build());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      TwoRoutersExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8), a.url("/").toString(), b.url("/").toString());
      String out = buf.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains("team-a -> 200"), out);
      assertTrue(out.contains("team-b -> 200"), out);
      assertEquals("sk-ant-team-a", a.takeRequest().getHeaders().get("x-api-key"));
      assertEquals("sk-ant-team-b", b.takeRequest().getHeaders().get("x-api-key"));
      assertEquals(1, a.getRequestCount());
      assertEquals(1, b.getRequestCount());
    }
  }

  @Test
  void embeddedServerServesAndStops() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().body(ANSWER).build());
      OkHttpClient client = new OkHttpClient();
      try (RouterServer server = EmbeddedServerExample.start(0, upstream.url("/").toString(), "sk-ant-up", "local")) {
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/v1/messages")
            .header("x-api-key", "local")
            .post(RequestBody.create("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}", MediaType.get("application/json")))
            .build();
        try (Response r = client.newCall(request).execute()) {
          assertEquals(200, r.code());
          assertEquals(ANSWER, r.body().string());
        }
      }
      assertEquals("sk-ant-up", upstream.takeRequest().getHeaders().get("x-api-key"));
      client.connectionPool().evictAll();
    }
  }
}
