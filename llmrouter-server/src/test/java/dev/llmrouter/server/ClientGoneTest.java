package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client that hangs up before the answer starts cancels the upstream call at once. */
class ClientGoneTest {
  private static final String REQUEST = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[]}";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  @Test
  void clientHangingUpWhileTheUpstreamThinksCancelsTheUpstreamCall() throws Exception {
    h = Harness.claude(1);
    // The upstream would take 20 s to answer.
    h.upstream(0).enqueue(new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS).body(ANSWER).build());
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      OutputStream out = socket.getOutputStream();
      byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: " + Harness.ACCESS_KEY
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      assertEquals(1, h.upstream(0).takeRequest(10, TimeUnit.SECONDS) == null ? 0 : 1);
    }
    assertTrue(h.awaitCancel(5), "the upstream call was not cancelled when the client hung up");
  }

  @Test
  void keepAliveConnectionsStillServeTheNextRequest() throws Exception {
    h = Harness.claude(1);
    for (int i = 0; i < 3; i++) h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    for (int i = 0; i < 3; i++) {
      try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
        assertEquals(200, r.code());
        assertEquals(ANSWER, r.body().string());
      }
    }
    // One connection carried all three requests.
    assertEquals(1, h.client.connectionPool().connectionCount());
  }

  @Test
  void pipelinedRequestsAreServedInOrder() throws Exception {
    h = Harness.claude(1);
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER).build());
    h.upstream(0).enqueue(new MockResponse.Builder().body(ANSWER.replace("msg_1", "msg_2")).build());
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      byte[] body = REQUEST.getBytes(StandardCharsets.UTF_8);
      String one = "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: " + Harness.ACCESS_KEY
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + REQUEST;
      socket.getOutputStream().write((one + one).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      StringBuilder got = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!got.toString().contains("msg_2")) {
        int n = in.read(buf);
        if (n < 0) break;
        got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      String all = got.toString();
      assertTrue(all.indexOf("msg_1") > 0 && all.indexOf("msg_2") > all.indexOf("msg_1"), all);
    }
  }
}
