package dev.llmrouter.server;

import static dev.llmrouter.server.AdminFixtures.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.server.config.ChannelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests in flight during a reload finish on the snapshot they started with. */
class ReloadDuringStreamsTest {
  private static final int STREAMS = 50;
  private static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"max_tokens\":8,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_2\",\"type\":\"message\",\"content\":[]}";

  @TempDir Path dir;
  private AdminHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private Request streamRequest(String body) {
    return new Request.Builder().url(h.url("/v1/messages")).post(RequestBody.create(body, MediaType.get("application/json")))
        .header("x-api-key", AdminHarness.ACCESS_KEY).build();
  }

  @Test
  void fiftyStreamsStartedBeforeAReloadAllCompleteOnTheirSnapshot() throws Exception {
    h = new AdminHarness(dir, 2, CONFIG, ChannelFile.FileMover.ATOMIC, true);
    List<String> events = MessagesPassthroughTest.claudeStream();
    String whole = String.join("", events);
    List<GatedBody> bodies = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      GatedBody body = new GatedBody(events, 0);
      bodies.add(body);
      h.upstreams.get(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build());
    }
    CountDownLatch started = new CountDownLatch(STREAMS);
    ExecutorService clients = Executors.newFixedThreadPool(STREAMS);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) {
        results.add(clients.submit(() -> {
          try (Response r = h.client.newCall(streamRequest(REQUEST)).execute()) {
            BufferedSource source = r.body().source();
            StringBuilder text = new StringBuilder(MessagesPassthroughTest.readEvent(source));
            started.countDown();
            String e;
            while ((e = MessagesPassthroughTest.readEvent(source)) != null) text.append(e);
            return r.code() + " " + r.header("x-llmrouter-channel") + " " + text;
          }
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS), "not every stream started");

      // Every stream is open on the old snapshot; move the channel to the other upstream by hand.
      String moved = h.fileText().replace("\"name\": \"main\"", "\"name\": \"moved\"")
          .replace(h.withUrls("\"baseUrl\": \"{up0}\""), h.withUrls("\"baseUrl\": \"{up1}\""));
      Files.writeString(h.file, moved);
      assertTrue(h.awaitSwap(() -> {
        Channel c = h.snapshot().find(ApiKind.MESSAGES, "ch-main").orElseThrow();
        return c.name().equals("moved");
      }, Duration.ofSeconds(2)), "the reload did not happen");

      // New requests use the new snapshot...
      h.upstreams.get(1).enqueue(new MockResponse.Builder().body(ANSWER).build());
      try (Response r = h.client.newCall(streamRequest(REQUEST.replace("\"stream\":true,", ""))).execute()) {
        assertEquals(200, r.code());
        assertEquals("moved", r.header("x-llmrouter-channel"));
        assertEquals(ANSWER, r.body().string());
      }

      // ...and the streams opened before it finish on the old one.
      for (GatedBody b : bodies) b.release();
      for (Future<String> f : results) assertEquals("200 main " + whole, f.get(30, TimeUnit.SECONDS));
    } finally {
      for (GatedBody b : bodies) b.release();
      clients.shutdownNow();
    }
    assertEquals(STREAMS, h.upstreams.get(0).getRequestCount());
    assertEquals(1, h.upstreams.get(1).getRequestCount());
  }
}
