package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.claudeStream;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.provider.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The request bodies held at once are bounded: a burst of large requests (a coding agent's are
 * tens to hundreds of kilobytes) is refused with 503 in its client's format before the bodies are
 * read, instead of filling the heap; a body is let go, and stops counting, once its answer begins.
 */
class BodyBudgetTest {
  private static final String PAD = "x".repeat(200_000);

  private static String streamRequest() {
    return "{\"model\":\"m\",\"stream\":true,\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"" + PAD
        + "\"}]}";
  }

  @Test
  void aLargeRequestIsRefusedWhileAnotherAwaitsItsAnswerAndServedOnceThatAnswerHasBegun() throws Exception {
    try (Harness h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.requestBodyBudget(300_000))) {
      h.use(ApiKind.MESSAGES, h.claudeChannel(0).build());
      // The first request's upstream answers nothing until released: its body stays counted.
      List<String> events = new ArrayList<>();
      events.add("");
      events.addAll(claudeStream());
      GatedBody upstream = new GatedBody(events, 0);
      h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(upstream)
          .build());
      CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> {
        try {
          return h.call(h.post("/v1/messages", streamRequest()).build());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertNotNull(h.upstream(0).takeRequest(10, TimeUnit.SECONDS), "the first request did not reach the upstream");

      try (Response refused = h.call(h.post("/v1/messages", streamRequest()).build())) {
        assertEquals(503, refused.code());
        assertEquals("1", refused.header("Retry-After"));
        assertEquals("overloaded_error",
            Json.parseObject(refused.body().string()).getObject("error").getString("type"));
      }
      assertEquals(1, h.upstream(0).getRequestCount(), "the refused request reached the upstream");

      // Once the first answer has begun its body no longer counts, though its stream is still open.
      upstream.release();
      try (Response r = first.get(10, TimeUnit.SECONDS)) {
        assertTrue(readEvent(r.body().source()).startsWith("event: message_start"));
        h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
            .body(String.join("", claudeStream())).build());
        try (Response next = h.call(h.post("/v1/messages", streamRequest()).build())) {
          assertEquals(200, next.code());
          assertTrue(next.body().string().contains("message_stop"));
        }
      }
    }
  }

  @Test
  void aLoneRequestLargerThanTheBudgetIsServed() throws Exception {
    try (Harness h = Harness.create(1, b -> b, Timeouts.DEFAULT, o -> o.requestBodyBudget(1_000))) {
      h.use(ApiKind.MESSAGES, h.claudeChannel(0).build());
      h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
          .body(String.join("", claudeStream())).build());
      try (Response r = h.call(h.post("/v1/messages", streamRequest()).build())) {
        assertEquals(200, r.code());
        assertTrue(r.body().string().contains("message_stop"));
      }
    }
  }
}
