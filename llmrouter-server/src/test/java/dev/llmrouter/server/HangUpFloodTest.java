package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hang up between requests are closed off the IO threads, but not by the requests'
 * workers: on the platform pool (Java 17 to 20) a burst of hang-ups filled its queue with closes,
 * and requests that came meanwhile were refused with 503 ("worker pool full").
 */
class HangUpFloodTest {
  private static final String REQUEST = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    // One worker and a short queue, and every request on a worker: the closes of the hang-ups
    // would take the requests' places there.
    h = Harness.create(1, b -> b, dev.llmrouter.api.provider.Timeouts.DEFAULT,
        o -> o.forcePlatformThreads(true).workers(1, 4).streamsOnIoThread(null));
    h.use(dev.llmrouter.api.ApiKind.MESSAGES, h.claudeChannel(0).build());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void requestsAreServedWhileThousandsOfClientsHangUp() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    Thread hangUps = new Thread(() -> closeAll(sockets));
    try {
      for (int i = 0; i < 1500; i++) sockets.add(new Socket("127.0.0.1", h.server.port()));
      // Answered once the server took them all in (after the last accept).
      assertTrue(served(), "a request before the hang-ups");
      hangUps.start();
      int ok = 0;
      for (int i = 0; i < 40; i++) {
        if (served()) ok++;
      }
      hangUps.join();
      for (int i = 0; i < 10; i++) {
        if (served()) ok++;
      }
      assertEquals(50, ok, "requests answered 200 while and after 1,500 clients hung up");
    } finally {
      if (!hangUps.isAlive()) closeAll(sockets);
    }
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed either way
      }
    }
  }

  private boolean served() throws IOException {
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      String body = r.body().string();
      return r.code() == 200 && body.equals(ANSWER);
    }
  }
}
