package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.claudeStream;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.provider.Timeouts;
import dev.llmrouter.server.http.Workers;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Where requests run, and how many at once: a full bounded pool (Java 17 to 20) and
 * MAX_CONCURRENT_REQUESTS (any Java) refuse a request with 503 in its client's format.
 */
class WorkersTest {
  private static final String STREAM_REQUEST = "{\"model\":\"m\",\"stream\":true,\"max_tokens\":8,\"messages\":[]}";
  private static final String GEMINI_REQUEST = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

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
      GatedBody body = new GatedBody(claudeStream(), 0);
      try (Response busy = holdOneStream(h, body)) {
        try (Response refused = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
          assertEquals(503, refused.code());
          assertEquals("overloaded_error", Json.parseObject(refused.body().string()).getObject("error").getString("type"));
        }
        body.release();
        assertTrue(busy.body().string().contains("message_stop"));
      }
    }
  }

  @Test
  void beyondTheConcurrencyLimitARequestIsRefusedInItsOwnFormatUntilAPlaceIsFree() throws Exception {
    try (Harness h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.maxConcurrentRequests(1))) {
      GatedBody body = new GatedBody(claudeStream(), 0);
      try (Response busy = holdOneStream(h, body)) {
        try (Response refused = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
          assertEquals(503, refused.code());
          assertEquals("1", refused.header("Retry-After"));
          JsonObject error = Json.parseObject(refused.body().string()).getObject("error");
          assertEquals("overloaded_error", error.getString("type"));
          assertTrue(error.getString("message").contains("maximum of 1 requests"), error.getString("message"));
        }
        // Another API's client is told in its own format.
        try (Response refused = h.call(h.post("/v1beta/models/gemini-x:generateContent", GEMINI_REQUEST).build())) {
          assertEquals(503, refused.code());
          assertEquals("UNAVAILABLE", Json.parseObject(refused.body().string()).getObject("error").getString("status"));
        }
        body.release();
        busy.body().string();
      }
      // The stream has ended: its place is free again.
      h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
          .body(String.join("", claudeStream())).build());
      try (Response next = h.call(h.post("/v1/messages", STREAM_REQUEST).build())) {
        assertEquals(200, next.code());
        assertTrue(next.body().string().contains("message_stop"));
      }
    }
  }

  /** Starts a stream whose upstream holds it open until {@code body} is released; returns it once it has begun. */
  private static Response holdOneStream(Harness h, GatedBody body) throws Exception {
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.MESSAGES, h.claudeChannel(0).build()).build());
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    Response busy = h.call(h.post("/v1/messages", STREAM_REQUEST).build());
    assertTrue(readEvent(busy.body().source()).startsWith("event: message_start"));
    return busy;
  }
}
