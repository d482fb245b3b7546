package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.PushedExchange;
import dev.llmrouter.api.provider.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The IO thread's HTTP/1.1 client against upstreams written byte by byte: every framing of an
 * answer's body, interim answers, connections kept or not, and the ways an upstream breaks a
 * connection or an answer.
 */
class UpstreamConnectionTest {
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
      Duration.ZERO);
  private static XnioWorker worker;

  @BeforeAll
  static void start() throws Exception {
    worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
  }

  /** Writes the answer to one request; may close the socket. */
  interface Answer {
    void write(Socket s, OutputStream out) throws IOException;
  }

  /**
   * An upstream that answers requests in turn with the given answers, on whichever connection they
   * come; it records each request as read (head and body) and counts connections.
   */
  static final class Scripted implements AutoCloseable {
    final ServerSocket server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final List<Answer> answers;
    private final AtomicInteger next = new AtomicInteger();
    private final Thread acceptor;

    Scripted(Answer... answers) throws IOException {
      this.answers = List.of(answers);
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::accept, "scripted-upstream");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort() + "/v1/messages?beta=true";
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serve(s), "scripted-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (!s.isClosed()) {
          String request = readRequest(in);
          if (request == null) return;
          requests.add(request);
          int i = next.getAndIncrement();
          if (i >= answers.size()) return;
          answers.get(i).write(s, out);
        }
      } catch (IOException e) {
        // the connection ends
      }
    }

    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int last4 = 0;
      while (last4 != 0x0d0a0d0a) {
        int b = in.read();
        if (b < 0) return null;
        head.write(b);
        last4 = last4 << 8 | b;
      }
      String h = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : h.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
      }
      byte[] body = in.readNBytes(length);
      return h + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** Writes bytes one at a time, flushed, so that the client reads them in many pieces. */
  static void trickle(OutputStream out, String text) throws IOException {
    for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
      out.write(b);
      out.flush();
    }
  }

  static void whole(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static final class Request implements DirectCall {
    private final String url;
    private final HttpHeaders headers;
    private final byte[] body;
    final AtomicInteger sentAgain = new AtomicInteger();

    Request(String url, HttpHeaders headers) {
      this(url, headers, "{\"stream\":true}".getBytes(StandardCharsets.UTF_8));
    }

    Request(String url, HttpHeaders headers, byte[] body) {
      this.url = url;
      this.headers = headers;
      this.body = body;
    }

    @Override public String url() { return url; }
    @Override public HttpHeaders headers() { return headers; }
    @Override public byte[] body() { return body; }
    @Override public void sentAgainOnFreshConnection() { sentAgain.incrementAndGet(); }

    @Override
    public PushedExchange answer(int status, HttpHeaders headers, long headersNanos, Runnable abort) {
      throw new AssertionError("not used: the test reads the body from the call");
    }
  }

  /**
   * Sends on an IO thread and reads the body with a buffer of {@code bufferSize} bytes.
   *
   * @return "status|header X-Probe|body", or the failure
   */
  private static Object send(UpstreamClient client, DirectCall request, int bufferSize) throws Exception {
    Object got = UpstreamCalls.send(worker.getIoThread(0), client, request, TIMEOUTS, bufferSize);
    return got instanceof UpstreamCalls.Answer a ? a.status() + "|" + a.headers().get("X-Probe") + "|" + a.body() : got;
  }

  private static Object send(UpstreamClient client, String url, int bufferSize) throws Exception {
    return send(client, new Request(url, HttpHeaders.of("Content-Type", "application/json")), bufferSize);
  }

  private static UpstreamClient client() {
    return new UpstreamClient(Duration.ofSeconds(30));
  }

  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nX-Probe: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "5;ext=1\r\nevent\r\n1A\r\n: abcdefghijklmnopqrstuvwx\r\n0\r\nX-Trailer: t\r\n\r\n";
  private static final String CHUNKED_BODY = "event: abcdefghijklmnopqrstuvwx";

  /**
   * Writes an answer four bytes at a time, in step with the other connection's (each piece once the
   * other has written its own), from when both connections have asked: their heads arrive interleaved.
   */
  private static Answer inStep(Phaser both, String text) {
    return (s, out) -> {
      try {
        step(both);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += 4) {
          out.write(bytes, i, Math.min(4, bytes.length - i));
          out.flush();
          step(both);
        }
      } catch (InterruptedException | TimeoutException e) {
        throw new IOException("the other answer did not keep step", e);
      } finally {
        both.arriveAndDeregister();
      }
    };
  }

  private static void step(Phaser both) throws InterruptedException, TimeoutException {
    both.awaitAdvanceInterruptibly(both.arrive(), 5, TimeUnit.SECONDS);
  }

  @Test
  void headsReadInPiecesAtOnceOnOneIoThreadEachKeepTheirOwnBytes() throws Exception {
    // The IO thread gathers a read's bytes in one array of its own; a head not complete when the read
    // ends must leave it before the other connection's read comes.
    Phaser both = new Phaser(2);
    String first = "HTTP/1.1 200 OK\r\nX-Probe: first-answer\r\nContent-Length: 5\r\n\r\nfirst";
    String second = "HTTP/1.1 200 OK\r\nX-Probe: the-second-answer\r\nContent-Length: 6\r\n\r\nsecond";
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (Scripted up = new Scripted(inStep(both, first), inStep(both, second));
        UpstreamClient client = client()) {
      Future<Object> a = callers.submit(() -> send(client, up.url(), 4096));
      Future<Object> b = callers.submit(() -> send(client, up.url(), 4096));
      assertEquals(Set.of("200|first-answer|first", "200|the-second-answer|second"),
          Set.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS)));
      assertEquals(2, up.connections.get());
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aChunkedBodyIsReadWithoutItsFramingWhateverThePiecesItComesIn() throws Exception {
    for (int size : new int[] {1, 2, 3, 5, 7, 16, 4096}) {
      try (Scripted up = new Scripted((s, out) -> trickle(out, CHUNKED), (s, out) -> whole(out, CHUNKED));
          UpstreamClient client = client()) {
        assertEquals("200|chunked|" + CHUNKED_BODY, send(client, up.url(), size), "buffer of " + size);
        // The body's end was read: the connection carries the next request.
        assertEquals("200|chunked|" + CHUNKED_BODY, send(client, up.url(), size), "buffer of " + size);
        assertEquals(1, up.connections.get(), "buffer of " + size);
      }
    }
  }

  @Test
  void aBodyOfADeclaredLengthIsReadToItsLengthAndTheConnectionKept() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Probe: length\r\n\r\nhello world";
    try (Scripted up = new Scripted((s, out) -> trickle(out, answer), (s, out) -> whole(out, answer));
        UpstreamClient client = client()) {
      assertEquals("200|length|hello world", send(client, up.url(), 4));
      assertEquals("200|length|hello world", send(client, up.url(), 4096));
      assertEquals(1, up.connections.get());
    }
  }

  @Test
  void theRequestCarriesItsHeadersWithTheTargetsHostAndTheBodysLength() throws Exception {
    String answer = "HTTP/1.1 204 No Content\r\n\r\n";
    try (Scripted up = new Scripted((s, out) -> whole(out, answer)); UpstreamClient client = client()) {
      HttpHeaders h = HttpHeaders.of("Host", "evil.example", "Content-Length", "999", "x-api-key", "sk-test",
          "Transfer-Encoding", "chunked", "anthropic-version", "2023-06-01");
      assertEquals("204|null|", send(client, new Request(up.url(), h), 64));
      String request = up.requests.get(0);
      assertTrue(request.startsWith("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1:" + up.server.getLocalPort()
          + "\r\n"), request);
      assertTrue(request.contains("\r\nx-api-key: sk-test\r\nanthropic-version: 2023-06-01\r\n"), request);
      assertTrue(request.endsWith("\r\nContent-Length: 15\r\n\r\n{\"stream\":true}"), request);
      // The client's own Host, Content-Length and Transfer-Encoding are not sent (the port may hold "999").
      assertTrue(!request.contains("evil") && !request.contains("Content-Length: 999") && !request.contains("chunked"),
          request);
    }
  }

  @Test
  void aHeaderWithALineBreakIsNotSent() throws Exception {
    try (Scripted up = new Scripted((s, out) -> whole(out, "HTTP/1.1 204 No Content\r\n\r\n"));
        UpstreamClient client = client()) {
      Object got = send(client, new Request(up.url(), HttpHeaders.of("x-a", "v\r\nx-injected: 1")), 64);
      assertTrue(got instanceof IOException && ((IOException) got).getMessage().contains("not allowed"), String.valueOf(got));
      assertEquals(0, up.requests.size());
    }
  }

  @Test
  void interimAnswersAreSkipped() throws Exception {
    String answer = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        + "HTTP/1.1 201 Created\r\nX-Probe: final\r\nContent-Length: 2\r\n\r\nok";
    try (Scripted up = new Scripted((s, out) -> trickle(out, answer)); UpstreamClient client = client()) {
      assertEquals("201|final|ok", send(client, up.url(), 64));
    }
  }

  @Test
  void anAnswerThatClosesItsConnectionIsNotKept() throws Exception {
    String close = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na";
    try (Scripted up = new Scripted((s, out) -> {
          whole(out, close);
          s.close();
        }, (s, out) -> whole(out, close)); UpstreamClient client = client()) {
      assertEquals("200|null|a", send(client, up.url(), 64));
      assertEquals("200|null|a", send(client, up.url(), 64));
      assertEquals(2, up.connections.get());
    }
  }

  @Test
  void anHttp10BodyWithoutALengthRunsToTheConnectionsEnd() throws Exception {
    try (Scripted up = new Scripted((s, out) -> {
          trickle(out, "HTTP/1.0 200 OK\r\nX-Probe: old\r\n\r\nuntil the end");
          s.close();
        }, (s, out) -> whole(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")); UpstreamClient client = client()) {
      assertEquals("200|old|until the end", send(client, up.url(), 3));
      assertEquals("200|null|ok", send(client, up.url(), 64));
      assertEquals(2, up.connections.get());
    }
  }

  @Test
  void bytesPastTheAnswersEndMeanTheConnectionIsNotKept() throws Exception {
    // After a body of a declared length, and after answers that have no body at all.
    for (String first : new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE",
        "HTTP/1.1 204 No Content\r\n\r\nGARBAGE", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nGARBAGE"}) {
      try (Scripted up = new Scripted((s, out) -> whole(out, first),
          (s, out) -> whole(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")); UpstreamClient client = client()) {
        assertTrue(String.valueOf(send(client, up.url(), 64)).matches("20[04]\\|null\\|(ok)?"), first);
        assertEquals("200|null|ok", send(client, up.url(), 64), first);
        assertEquals(2, up.connections.get(), first);
      }
    }
  }

  @Test
  void anUpstreamThatClosesBeforeItsAnswerFailsTheCallAsUnexpectedEndOfStream() throws Exception {
    try (Scripted up = new Scripted((s, out) -> {
          trickle(out, "HTTP/1.1 200 OK\r\nContent-");
          s.close();
        }); UpstreamClient client = client()) {
      Object got = send(client, up.url(), 64);
      assertTrue(got instanceof IOException, String.valueOf(got));
      assertEquals("unexpected end of stream on http://127.0.0.1:" + up.server.getLocalPort() + "/...",
          ((IOException) got).getMessage());
    }
  }

  @Test
  void aKeptConnectionTheUpstreamClosedIsNotUsedOrTheRequestIsSentAgainOnAFreshOne() throws Exception {
    String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    // The upstream closes each connection right after its answer, without saying so.
    try (Scripted up = new Scripted((s, out) -> {
          whole(out, ok);
          s.close();
        }, (s, out) -> {
          whole(out, ok);
          s.close();
        }); UpstreamClient client = client()) {
      assertEquals("200|null|ok", send(client, up.url(), 64));
      Request second = new Request(up.url(), HttpHeaders.empty());
      assertEquals("200|null|ok", send(client, second, 64));
      assertEquals(2, up.connections.get());
      // Either the kept connection was seen closed, or the request was sent again once.
      assertTrue(second.sentAgain.get() <= 1);
    }
  }

  @Test
  void anAnswerCutShortFailsTheBodysRead() throws Exception {
    for (String cut : new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly some",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nevent\r\n"}) {
      try (Scripted up = new Scripted((s, out) -> {
            trickle(out, cut);
            s.close();
          }); UpstreamClient client = client()) {
        Object got = send(client, up.url(), 64);
        assertTrue(got instanceof IOException && ((IOException) got).getMessage().startsWith("unexpected end of stream"),
            String.valueOf(got));
      }
    }
  }

  @Test
  void brokenAnswersFailTheCall() throws Exception {
    String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(UpstreamConnection.MAX_HEAD) + "\r\n\r\n";
    String[][] cases = {
        {"ICY 200 OK\r\n\r\n", "not HTTP/1.x"},
        {"HTTP/1.1 200 OK\r\n folded\r\n\r\n", "folds"},
        {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", "conflicting"},
        {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"},
        {big, "larger than"},
        {"HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"},
    };
    for (String[] c : cases) {
      try (Scripted up = new Scripted((s, out) -> whole(out, c[0])); UpstreamClient client = client()) {
        Object got = send(client, up.url(), 64);
        assertTrue(got instanceof IOException && ((IOException) got).getMessage().contains(c[1]), c[1] + ": " + got);
      }
    }
    try (Scripted up = new Scripted((s, out) -> whole(out,
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")); UpstreamClient client = client()) {
      Object got = send(client, up.url(), 64);
      assertTrue(got instanceof IOException && ((IOException) got).getMessage().contains("chunk size"), String.valueOf(got));
    }
  }

  @Test
  void anAnswerBeforeTheRequestsEndIsTakenAndItsConnectionNotKept() throws Exception {
    // The upstream reads the request's head only and refuses it at once; the body (32 MiB) is more
    // than the sockets' buffers hold, so the answer comes while the request is still being written.
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        UpstreamClient client = client()) {
      AtomicInteger connections = new AtomicInteger();
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            connections.incrementAndGet();
            InputStream in = s.getInputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
              int b = in.read();
              if (b < 0) break;
              last4 = last4 << 8 | b;
            }
            whole(s.getOutputStream(), "HTTP/1.1 413 Payload Too Large\r\nX-Probe: early\r\nContent-Length: 5\r\n\r\nlarge");
            // Neither read nor closed: the client must not wait for its body to be taken.
          } catch (IOException e) {
            return;
          }
        }
      }, "early-upstream");
      t.setDaemon(true);
      t.start();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/v1/messages";
      byte[] big = new byte[32 << 20];
      assertEquals("413|early|large", send(client, new Request(url, HttpHeaders.empty(), big), 4096));
      assertEquals("413|early|large", send(client, new Request(url, HttpHeaders.empty(), big), 4096));
      assertEquals(2, connections.get(), "the connection whose request was cut short was kept");
    }
  }
}
