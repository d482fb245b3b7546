package dev.llmrouter.server;

import static dev.llmrouter.api.testing.FaultyUpstream.json;
import static dev.llmrouter.api.testing.FaultyUpstream.sse;
import static dev.llmrouter.server.FaultServer.KEY;
import static dev.llmrouter.server.FaultServer.MESSAGES;
import static dev.llmrouter.server.FaultServer.MESSAGES_STREAM;
import static dev.llmrouter.server.FaultServer.OK_MESSAGE;
import static dev.llmrouter.server.FaultServer.STREAM_REST;
import static dev.llmrouter.server.FaultServer.STREAM_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own front for passthrough requests, through a whole server and small socket
 * upstreams, each case beside the same server with the front off (Undertow serving every request):
 * a stream and a whole answer reach the client with the same status, headers and bytes; requests
 * sent one after the other or all at once on one connection are answered in order; what the front
 * does not serve (another route, a refused key, a body that is not JSON, a chunked body) gets
 * Undertow's own answer, on the same connection; and a request whose channel converts goes on on a
 * worker after the connection is handed to Undertow.
 */
class FrontTest {
  @TempDir Path dir;
  private FaultServer on;
  private FaultServer off;

  @AfterEach
  void tearDown() {
    if (on != null) on.close();
    if (off != null) off.close();
  }

  /** Starts the two servers, each with one channel of the type, the upstreams answering alike. */
  private void start(String serviceType, dev.llmrouter.api.testing.FaultyUpstream.Fault answer) throws IOException {
    start(serviceType, answer, Map.of());
  }

  private void start(String serviceType, dev.llmrouter.api.testing.FaultyUpstream.Fault answer, Map<String, String> env)
      throws IOException {
    Path a = Files.createDirectories(dir.resolve("on"));
    Path b = Files.createDirectories(dir.resolve("off"));
    on = new FaultServer(a, serviceType, env);
    Map<String, String> offEnv = new java.util.HashMap<>(env);
    offEnv.put("FRONT", "false");
    off = new FaultServer(b, serviceType, offEnv);
    on.upstream.otherwise(answer);
    off.upstream.otherwise(answer);
  }

  private static String post(String path, String body, String key, String extraHeaders) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + (key == null ? "" : "x-api-key: " + key + "\r\n") + "anthropic-version: 2023-06-01\r\n" + extraHeaders
        + "Content-Length: " + b.length + "\r\n\r\n" + body;
  }

  /** A Messages request as Claude Code sends it: its connection kept alive by name. */
  private static String messages(String body) {
    return post("/v1/messages", body, KEY, "Connection: keep-alive\r\n");
  }

  @Test
  void aStreamGetsTheSameHeadAndBytesAsFromUndertow() throws Exception {
    start("claude", sse(STREAM_START + STREAM_REST));
    Answer front = Answer.exchange(on, messages(MESSAGES_STREAM), 1).get(0);
    Answer undertow = Answer.exchange(off, messages(MESSAGES_STREAM), 1).get(0);
    assertEquals(200, front.status);
    assertEquals(STREAM_START + STREAM_REST, front.body);
    assertEquals("chunked", front.headers.get("transfer-encoding"));
    assertEquals(undertow.comparable(), front.comparable());
    assertEquals(1.0, (double) on.app.server().frontRequests());
    assertEquals(0.0, (double) off.app.server().frontRequests());
  }

  @Test
  void aWholeAnswerGetsTheSameHeadAndBytesAsFromUndertow() throws Exception {
    start("claude", json(200, OK_MESSAGE));
    Answer front = Answer.exchange(on, messages(MESSAGES), 1).get(0);
    Answer undertow = Answer.exchange(off, messages(MESSAGES), 1).get(0);
    assertEquals(200, front.status);
    assertEquals(OK_MESSAGE, front.body);
    assertEquals(Integer.toString(OK_MESSAGE.length()), front.headers.get("content-length"));
    assertEquals(undertow.comparable(), front.comparable());
    assertEquals(1.0, (double) on.app.server().frontRequests());
  }

  @Test
  void requestsSentAllAtOnceOnOneConnectionAreAnsweredInOrder() throws Exception {
    start("claude", sse(STREAM_START + STREAM_REST));
    String three = messages(MESSAGES_STREAM) + messages(MESSAGES_STREAM) + messages(MESSAGES_STREAM);
    java.util.List<Answer> answers = Answer.exchange(on, three, 3);
    for (Answer a : answers) {
      assertEquals(200, a.status);
      assertEquals(STREAM_START + STREAM_REST, a.body);
    }
    assertEquals(3.0, (double) on.app.server().frontRequests());
    assertEquals(0.0, (double) on.app.server().frontHandOffs());
  }

  @Test
  void anotherRouteAfterAStreamGoesToUndertowOnTheSameConnection() throws Exception {
    start("claude", sse(STREAM_START + STREAM_REST));
    String requests = messages(MESSAGES_STREAM) + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        + messages(MESSAGES_STREAM);
    java.util.List<Answer> answers = Answer.exchange(on, requests, 3);
    assertEquals(200, answers.get(0).status);
    assertEquals(200, answers.get(1).status);
    assertTrue(answers.get(1).body.contains("\"status\""), answers.get(1).body);
    // The third came after the connection was handed over: Undertow served it, the same way.
    assertEquals(STREAM_START + STREAM_REST, answers.get(2).body);
    assertEquals(1.0, (double) on.app.server().frontRequests());
    assertEquals(1.0, (double) on.app.server().frontHandOffs());
  }

  @Test
  void whatTheFrontDoesNotServeGetsUndertowsOwnAnswer() throws Exception {
    start("claude", json(200, OK_MESSAGE));
    String[] requests = {
      post("/v1/messages", MESSAGES, "wrong-key", ""),
      post("/v1/messages", "{not json", KEY, ""),
      post("/v1/messages/count_tokens", MESSAGES, KEY, ""),
      "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY + "\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(MESSAGES.length()) + "\r\n" + MESSAGES + "\r\n0\r\n\r\n",
      "GET /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY + "\r\n\r\n",
    };
    for (String request : requests) {
      Answer front = Answer.exchange(on, request, 1).get(0);
      Answer undertow = Answer.exchange(off, request, 1).get(0);
      assertEquals(undertow.status, front.status, request);
      assertEquals(undertow.body, front.body, request);
    }
    assertEquals(0.0, (double) on.app.server().frontRequests());
    assertEquals(requests.length, (double) on.app.server().frontHandOffs());
  }

  @Test
  void aConvertingChannelsRequestGoesOnOnAWorkerAfterTheHandOff() throws Exception {
    start("openai", sse("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":"
        + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
    // On one connection: the first is taken by the front and handed over, the next ones are Undertow's,
    // sent all at once and then one after the other.
    java.util.List<Answer> answers = new java.util.ArrayList<>();
    try (Socket socket = new Socket("127.0.0.1", on.app.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      out.write((messages(MESSAGES_STREAM) + messages(MESSAGES_STREAM)).getBytes(StandardCharsets.UTF_8));
      answers.add(Answer.read(in));
      answers.add(Answer.read(in));
      for (int i = 0; i < 3; i++) {
        out.write(messages(MESSAGES_STREAM).getBytes(StandardCharsets.UTF_8));
        answers.add(Answer.read(in));
      }
    }
    Answer undertow = Answer.exchange(off, messages(MESSAGES_STREAM), 1).get(0);
    for (Answer a : answers) {
      assertEquals(200, a.status);
      assertTrue(a.body.startsWith("event: message_start"), a.body);
      assertTrue(a.body.contains("event: message_stop"), a.body);
      assertEquals(undertow.headers.keySet(), a.headers.keySet());
    }
    assertEquals(1.0, (double) on.app.server().frontRequests());
    assertEquals(1.0, (double) on.app.server().frontHandOffs());
    assertEquals(0.0, on.metric("llmrouter_streams_io_thread_total"));
  }

  @Test
  void aNextRequestSentWhileAnAnswerIsAwaitedWaitsForIt() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start("claude", c -> {
      arrived.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return sse(STREAM_START + STREAM_REST).answer(c);
    });
    try (Socket socket = new Socket("127.0.0.1", on.app.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(messages(MESSAGES_STREAM).getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertTrue(arrived.await(10, TimeUnit.SECONDS));
      // The next request while the first one's answer is awaited (read by the client's watch, or after).
      out.write(messages(MESSAGES_STREAM).getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.countDown();
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < 2; i++) {
        Answer a = Answer.read(in);
        assertEquals(200, a.status, "answer " + i);
        assertEquals(STREAM_START + STREAM_REST, a.body, "answer " + i);
      }
    }
    assertEquals(2.0, (double) on.app.server().frontRequests());
  }

  @Test
  void aClientThatHangsUpWhileItsAnswerIsAwaitedCancelsTheUpstreamCall() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch upstreamClosed = new CountDownLatch(1);
    // Timeouts far longer than the wait below: only the client's hang-up can end the call in time.
    start("claude", c -> {
      arrived.countDown();
      // The router closes its upstream connection when the request is cancelled.
      if (c.socket().getInputStream().read() < 0) upstreamClosed.countDown();
      return false;
    }, Map.of("RESPONSE_HEADER_TIMEOUT", "60", "STREAM_IDLE_TIMEOUT", "60", "REQUEST_TIMEOUT", "60000"));
    try (Socket socket = new Socket("127.0.0.1", on.app.port())) {
      socket.getOutputStream().write(messages(MESSAGES_STREAM).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      assertTrue(arrived.await(10, TimeUnit.SECONDS));
    }
    assertTrue(upstreamClosed.await(5, TimeUnit.SECONDS), "the upstream call was cancelled");
    assertEquals(1.0, (double) on.app.server().frontRequests());
  }

  @Test
  void aHeadLargerThanABufferAndAClosingRequestGoWhereTheyShould() throws Exception {
    start("claude", json(200, OK_MESSAGE));
    // A head past one IO buffer (4 KiB) goes to Undertow with the bytes read.
    String big = post("/v1/messages", MESSAGES, KEY, "x-padding: " + "p".repeat(6000) + "\r\n");
    Answer a = Answer.exchange(on, big, 1).get(0);
    assertEquals(200, a.status);
    assertEquals(OK_MESSAGE, a.body);
    assertEquals(0.0, (double) on.app.server().frontRequests());
    assertEquals(1.0, (double) on.app.server().frontHandOffs());
    // A request that asks to close the connection is served by the front, which closes it after.
    String closing = post("/v1/messages", MESSAGES, KEY, "Connection: close\r\n");
    try (Socket socket = new Socket("127.0.0.1", on.app.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(closing.getBytes(StandardCharsets.UTF_8));
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      Answer closed = Answer.read(in);
      assertEquals(200, closed.status);
      assertEquals("close", closed.headers.get("connection"));
      assertEquals(OK_MESSAGE, closed.body);
      assertEquals(-1, in.read(), "the connection closed after the answer");
    }
    assertEquals(1.0, (double) on.app.server().frontRequests());
  }

  @Test
  void theRecordedClientsStreamsAreTakenByTheFront() throws Exception {
    // Claude Code's first turn, with every header it sent.
    start("claude", sse(STREAM_START + STREAM_REST));
    Answer claude = Answer.exchange(on, recorded("claude-code-2.1.332-first-turn.json", "x-api-key"), 1).get(0);
    assertEquals(200, claude.status, claude.body);
    assertEquals(STREAM_START + STREAM_REST, claude.body);
    assertEquals(1.0, (double) on.app.server().frontRequests());
    assertEquals(0.0, (double) on.app.server().frontHandOffs());
    assertTrue(on.upstream.lastHead().startsWith("POST /v1/messages?beta=true HTTP/1.1\r\n"), on.upstream.lastHead());
    on.close();
    on = null;
    // Gemini CLI's first turn: a stream as SSE, the model in the URL.
    Path gemini = Files.createDirectories(dir.resolve("gemini"));
    on = new FaultServer(gemini, "geminiUpstream", "gemini", Map.of(), null);
    String chunk = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,"
        + "\"candidatesTokenCount\":1,\"totalTokenCount\":4},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";
    on.upstream.otherwise(sse(chunk));
    Answer answer = Answer.exchange(on, recorded("gemini-cli-0.61.0-first-turn.json", "x-goog-api-key"), 1).get(0);
    assertEquals(200, answer.status, answer.body);
    assertEquals(chunk, answer.body);
    assertEquals(1.0, (double) on.app.server().frontRequests());
    assertEquals(0.0, (double) on.app.server().frontHandOffs());
    assertTrue(on.upstream.lastHead().contains(":streamGenerateContent?alt=sse HTTP/1.1\r\n"), on.upstream.lastHead());
  }

  /** A recorded client request as its client sent it, with the access key in the header it uses. */
  private static String recorded(String file, String keyHeader) throws IOException {
    dev.llmrouter.api.json.JsonObject o = dev.llmrouter.api.json.Json.parseObject(
        Files.readString(Path.of("src", "test", "resources", "clients", file)));
    String body = o.getObject("body").toString();
    StringBuilder head = new StringBuilder(o.getString("method") + " " + o.getString("path") + " HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    o.getObject("headers").members().forEach((name, value) -> {
      if (!name.equalsIgnoreCase("content-length")) head.append(name).append(": ").append(value.asString()).append("\r\n");
    });
    head.append(keyHeader).append(": ").append(KEY).append("\r\n");
    head.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n");
    return head + body;
  }

  /** One answer read off a connection: its status, its headers (names in lower case) and its body, unchunked. */
  private static final class Answer {
    int status;
    final Map<String, String> headers = new TreeMap<>();
    String body;

    /** The head to compare between the two servers: the headers without those that differ each time. */
    Map<String, String> comparable() {
      Map<String, String> m = new TreeMap<>(headers);
      m.remove("date");
      assertTrue(m.remove("x-request-id") != null, "every answer names its request");
      m.put(":status", Integer.toString(status));
      return m;
    }

    /** Sends the bytes on a new connection and reads {@code count} answers. */
    static java.util.List<Answer> exchange(FaultServer server, String requests, int count) throws IOException {
      try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(requests.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        java.util.List<Answer> answers = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) answers.add(read(in));
        return answers;
      }
    }

    private static Answer read(InputStream in) throws IOException {
      Answer a = new Answer();
      String status = line(in);
      a.status = Integer.parseInt(status.split(" ")[1]);
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        a.headers.merge(l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).trim(),
            (x, y) -> x + ", " + y);
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equals(a.headers.get("transfer-encoding"))) {
        for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
          body.write(in.readNBytes(size));
          line(in);
        }
        line(in);
      } else {
        body.write(in.readNBytes(Integer.parseInt(a.headers.getOrDefault("content-length", "0"))));
      }
      a.body = body.toString(StandardCharsets.UTF_8);
      return a;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) throw new IOException("the connection ended in a line: " + sb);
        if (c != '\r') sb.append((char) c);
      }
      return sb.toString();
    }
  }
}
