package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.PushedExchange;
import dev.llmrouter.api.provider.Timeouts;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * What a running upstream call keeps: a stream runs for minutes, and a client's request body is
 * tens of kilobytes (the conversation so far), so the body must be let go of once the answer has
 * begun, while the stream is still open; so must the request's and the answer's header maps, which
 * thousands of open streams would otherwise each keep (the answer's headers are handed over as a
 * copy).
 */
class UpstreamClientRetentionTest {
  /** Connect and response headers 5 s each; no total or idle timeout (the answer is a stream). */
  private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO,
      Duration.ZERO);

  /** A request whose body only this call holds. */
  private static final class BodyCall implements DirectCall {
    private final String url;
    private final byte[] body;
    private final HttpHeaders headers;

    BodyCall(String url, byte[] body, String trace) {
      this.url = url;
      this.body = body;
      this.headers = HttpHeaders.of("Content-Type", "application/json", "X-Trace", trace);
    }

    @Override public String url() { return url; }
    @Override public HttpHeaders headers() { return headers; }
    @Override public byte[] body() { return body; }
    @Override
    public PushedExchange answer(int status, HttpHeaders headers, long headersNanos, Runnable abort) {
      throw new AssertionError("not used by this test");
    }
  }

  /** Reads the whole request, answers with a stream's headers and one event, and keeps the stream open. */
  private static void serveOpenStream(ServerSocket server, CountDownLatch done) {
    try (Socket s = server.accept()) {
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) return;
        head.append((char) b);
      }
      int length = 0;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
          + "X-Answer-Trace: answer-7f3a\r\n\r\n"
          + "a\r\ndata: {}\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      done.await(30, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // the test's end closes the socket
    }
  }

  @Test
  void theRequestBodyAndBothHeaderMapsAreLetGoOfOnceTheAnswerBegins() throws Exception {
    XnioWorker worker = Xnio.getInstance().createWorker(OptionMap.EMPTY);
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5))) {
      Thread upstream = new Thread(() -> serveOpenStream(server, done));
      upstream.start();
      byte[] body = new byte[64 * 1024];
      java.util.Arrays.fill(body, (byte) ' ');
      body[0] = '{';
      body[body.length - 1] = '}';
      WeakReference<byte[]> weakBody = new WeakReference<>(body);
      // Values only this call holds: the request's, and the answer's as parsed by the client.
      String trace = new String("request-trace-51c2".toCharArray());
      WeakReference<String> weakTrace = new WeakReference<>(trace);
      CompletableFuture<WeakReference<String>> answerTrace = new CompletableFuture<>();
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/v1/messages";
      CompletableFuture<UpstreamClient.Call> answered = new CompletableFuture<>();
      XnioIoThread io = worker.getIoThread();
      DirectCall call = new BodyCall(url, body, trace);
      body = null;
      trace = null;
      DirectCall[] handOver = {call};
      call = null;
      io.execute(() -> {
        DirectCall c = handOver[0];
        handOver[0] = null;
        client.call(io, new DefaultByteBufferPool(false, 4096), c, TIMEOUTS, true, new UpstreamClient.Listener() {
          @Override
          public void answered(UpstreamClient.Call running, int status, HttpHeaders headers) {
            assertEquals(200, status);
            assertEquals("answer-7f3a", headers.get("X-Answer-Trace"));
            answerTrace.complete(new WeakReference<>(headers.get("X-Answer-Trace")));
            answered.complete(running);
          }

          @Override
          public void failed(IOException e) {
            answered.completeExceptionally(e);
          }
        }).start();
      });
      UpstreamClient.Call running = answered.get(10, TimeUnit.SECONDS);
      // A collection clears a weak reference to what nothing else holds; a few are asked for, as
      // System.gc() is a request.
      WeakReference<String> weakAnswerTrace = answerTrace.get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 20 && (weakBody.get() != null || weakTrace.get() != null || weakAnswerTrace.get() != null); i++) {
        System.gc();
      }
      assertTrue(weakBody.get() == null, "the open stream still holds the request body");
      assertTrue(weakTrace.get() == null, "the open stream still holds the request's headers");
      assertTrue(weakAnswerTrace.get() == null, "the open stream still holds the answer's header map");
      // The stream is still open: the call, and with it its connection, is alive here.
      io.execute(running::abort);
    } finally {
      done.countDown();
      worker.shutdownNow();
    }
  }
}
