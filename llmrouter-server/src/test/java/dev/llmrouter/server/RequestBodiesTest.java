package dev.llmrouter.server;

import static dev.llmrouter.server.ClientAbuseTest.readResponse;
import static dev.llmrouter.server.ClientAbuseTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route that reads a request body (proxy, token count, admin) reads it the same way: on one
 * keep-alive connection, requests with a declared length and chunked ones follow each other on every
 * route, and a body over the limit, declared or chunked, gets a 413 in the route's own error format.
 */
class RequestBodiesTest {
  private static final String KEY = "bodies-test-access-key-0123456789";
  private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
      + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
  /** One byte over the limit of both the proxy (MAX_REQUEST_BODY_SIZE_MB=1) and the admin API. */
  private static final int OVER = 1024 * 1024 + 1;

  @TempDir Path dir;
  private final MockWebServer upstream = new MockWebServer();
  private ServerApp app;

  @BeforeEach
  void setUp() throws Exception {
    upstream.start();
    TestServers.writeChannelFile(dir, ChannelSnapshot.builder().add(ApiKind.MESSAGES, Channel.builder().id("ch-a")
        .serviceType("claude").baseUrl(upstream.url("/").toString()).apiKeys("sk-ant-api03-upstream-0001").build())
        .build());
    app = TestServers.start(dir, KEY, Clock.systemUTC(), Map.of("MAX_REQUEST_BODY_SIZE_MB", "1",
        "METRICS_PERSISTENCE_ENABLED", "false"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (app != null) app.close();
    upstream.close();
  }

  @Test
  void oneKeepAliveConnectionServesAdminCountTokensAndProxyRequestsOneAfterAnother() throws Exception {
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(ANSWER).build());
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (boolean chunked : new boolean[] {false, true}) {
        String how = chunked ? "chunked" : "declared length";
        send(out, "PUT", "/api/settings/fuzzy-mode", "{\"enabled\":" + chunked + "}", chunked);
        String[] r = readResponse(in);
        assertEquals(200, status(r[0]), how + ": " + r[0] + r[1]);
        assertEquals("{\"fuzzyModeEnabled\":" + chunked + "}", r[1]);

        send(out, "POST", "/v1/messages/count_tokens", MESSAGE, chunked);
        r = readResponse(in);
        assertEquals(200, status(r[0]), how + ": " + r[0] + r[1]);
        assertTrue(Json.parseObject(r[1]).getLong("input_tokens", -1) > 0, r[1]);

        send(out, "POST", "/v1/messages", MESSAGE, chunked);
        r = readResponse(in);
        assertEquals(200, status(r[0]), how + ": " + r[0] + r[1]);
        assertEquals(ANSWER, r[1]);
        assertFalse(r[0].toLowerCase(Locale.ROOT).contains("connection: close"), r[0]);
      }
    }
    assertEquals(MESSAGE, upstream.takeRequest().getBody().utf8());
    assertEquals(MESSAGE, upstream.takeRequest().getBody().utf8());
  }

  @Test
  void aBodyOverTheLimitGets413InTheFormatOfEachRoute() throws Exception {
    for (boolean chunked : new boolean[] {false, true}) {
      String how = chunked ? "chunked" : "declared length";
      String[] r = tooLarge("POST", "/v1/messages", chunked);
      assertEquals(413, status(r[0]), how);
      JsonObject claude = Json.parseObject(r[1]);
      assertEquals("error", claude.getString("type"), r[1]);
      assertEquals("request_too_large", claude.getObject("error").getString("type"), r[1]);

      r = tooLarge("POST", "/v1/responses", chunked);
      assertEquals(413, status(r[0]), how);
      JsonObject openai = Json.parseObject(r[1]).getObject("error");
      assertEquals("invalid_request_error", openai.getString("type"), r[1]);
      assertTrue(openai.getString("message").contains("larger than the limit of 1 MiB"), r[1]);

      r = tooLarge("POST", "/v1beta/models/gemini-2.5-flash:generateContent", chunked);
      assertEquals(413, status(r[0]), how);
      JsonObject gemini = Json.parseObject(r[1]).getObject("error");
      assertEquals(413, gemini.getLong("code", -1), r[1]);
      assertEquals("INVALID_ARGUMENT", gemini.getString("status"), r[1]);

      r = tooLarge("POST", "/v1/messages/count_tokens", chunked);
      assertEquals(413, status(r[0]), how);
      assertEquals("request_too_large", Json.parseObject(r[1]).getObject("error").getString("type"), r[1]);

      r = tooLarge("POST", "/api/messages/channels", chunked);
      assertEquals(413, status(r[0]), how);
      assertEquals("{\"error\":{\"field\":null,\"message\":\"the request body is larger than 1048576 bytes\"}}", r[1]);
    }
    assertEquals(0, upstream.getRequestCount());
    assertEquals(0, app.router().snapshot().channels(ApiKind.MESSAGES).size() - 1, "the admin route changed nothing");
  }

  private Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", app.port());
    s.setSoTimeout(20_000);
    return s;
  }

  private static void send(OutputStream out, String method, String path, String json, boolean chunked)
      throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    out.write(head(method, path, chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length));
    if (chunked) {
      // In two chunks, as a streaming client sends it.
      int half = body.length / 2;
      chunk(out, body, 0, half);
      chunk(out, body, half, body.length - half);
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.write(body);
    }
    out.flush();
  }

  private static void chunk(OutputStream out, byte[] bytes, int off, int len) throws IOException {
    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes, off, len);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] head(String method, String path, String framing) {
    return (method + " " + path + " HTTP/1.1\r\nHost: x\r\nx-api-key: " + KEY + "\r\nanthropic-version: 2023-06-01\r\n"
        + "Content-Type: application/json\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends a body of {@link #OVER} bytes (only its head when the length is declared: the answer must
   * not need the body) and reads the answer.
   */
  private String[] tooLarge(String method, String path, boolean chunked) throws Exception {
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      out.write(head(method, path, chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + OVER));
      out.flush();
      Thread writer = null;
      if (chunked) {
        // The body goes on until the server stops taking it, as a client would send it.
        writer = new Thread(() -> {
          byte[] part = new byte[64 * 1024];
          java.util.Arrays.fill(part, (byte) 'x');
          try {
            for (int sent = 0; sent < OVER; sent += part.length) chunk(out, part, 0, part.length);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
          } catch (IOException e) {
            // The server closed the connection after its answer: expected.
          }
        });
        writer.start();
      }
      String[] r = readResponse(s.getInputStream());
      s.shutdownOutput();
      if (writer != null) writer.join(20_000);
      return r;
    }
  }
}
