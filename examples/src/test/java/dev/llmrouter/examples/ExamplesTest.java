package dev.llmrouter.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.server.RouterServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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
