package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.claudeStream;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.server.http.Workers;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class WorkersTest {
  private static final String STREAM_REQUEST = "{\"model\":\"m\",\"stream\":true,\"max_tokens\":8,\"messages\":[]}";

  @Test
  void virtualThreadsAreUsedExactlyWhenTheJvmHasThem() {
    Workers w = Workers.create(4, 4);
    try {
      assertEquals(Runtime.version().feature() >= 21, w.isVirtual());
    } finally {
      w.executor().shutdown();
    }
  }

  @Test
  void aFullBoundedPoolAnswers503InTheClientsShape() throws Exception {
    try (Harness h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.forcePlatformThreads(true).workers(1, 0))) {
      h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.MESSAGES, h.claudeChannel(0).build()).build());
      GatedBody body = new GatedBody(claudeStream(), 0);
      h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
      try (Response busy = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
        // The only worker is now held by this stream.
        assertTrue(readEvent(busy.body().source()).startsWith("event: message_start"));
        try (Response refused = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
          assertEquals(503, refused.code());
          assertEquals("overloaded_error", Json.parseObject(refused.body().string()).getObject("error").getString("type"));
        }
        body.release();
      }
    }
  }
}
