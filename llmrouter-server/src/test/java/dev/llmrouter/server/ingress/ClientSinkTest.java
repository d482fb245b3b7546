package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import io.undertow.util.HttpString;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client's side of a stream served on the IO thread: what it keeps once the response's head is sent, and its end. */
class ClientSinkTest {
  /**
   * Once the first write is flushed, the response's head is on the wire and Undertow does not read
   * its header map again: the sink empties it, so that an open stream does not keep a dozen header
   * values for minutes. The client still gets every header.
   */
  @Test
  void aStreamLetsGoOfItsResponseHeadersOnceTheyAreSent() throws Exception {
    CompletableFuture<int[]> sizes = new CompletableFuture<>();
    Undertow server = serve(ex -> {
      // On the IO thread, as a stream served there; no write waits for the client here, so the
      // sink's stream (which such a wait would move on) is not needed.
      ClientSink sink = new ClientSink(new ExchangeSide(ex), null);
      ex.getResponseHeaders().put(new HttpString("x-upstream-id"), "up-1");
      sink.open("text/event-stream; charset=utf-8");
      sink.append("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
      int before = ex.getResponseHeaders().size();
      boolean written = sink.writeOut();
      sizes.complete(new int[] {before, written ? ex.getResponseHeaders().size() : -1});
      // Undertow ends the exchange when this handler returns: the stream's end.
    });
    try {
      HttpURLConnection c = get(server);
      assertEquals("up-1", c.getHeaderField("x-upstream-id"));
      assertEquals("text/event-stream; charset=utf-8", c.getHeaderField("Content-Type"));
      assertEquals("no-cache", c.getHeaderField("Cache-Control"));
      try (InputStream in = c.getInputStream()) {
        assertEquals("data: 1\n\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      int[] s = sizes.get(10, TimeUnit.SECONDS);
      assertTrue(s[0] >= 4, "headers before the first write: " + s[0]);
      assertEquals(0, s[1], "headers kept once the head was sent");
    } finally {
      server.stop();
    }
  }

  /**
   * The stream's last bytes carry the response's end: once {@code writeOutLast} returns, the
   * response is complete, with no step of its own after the last bytes (the chunked encoding's
   * last chunk goes out in their write). The client reads every event and a well-formed end.
   */
  @Test
  void aStreamsLastBytesCarryTheResponsesEnd() throws Exception {
    CompletableFuture<boolean[]> complete = new CompletableFuture<>();
    Undertow server = serve(ex -> {
      ClientSink sink = new ClientSink(new ExchangeSide(ex), null);
      sink.open("text/event-stream; charset=utf-8");
      sink.append("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
      boolean first = sink.writeOut();
      boolean afterFirst = ex.isResponseComplete();
      sink.append("data: 2\n\n".getBytes(StandardCharsets.UTF_8));
      sink.append("data: 3\n\n".getBytes(StandardCharsets.UTF_8));
      boolean last = sink.writeOutLast();
      complete.complete(new boolean[] {first, afterFirst, last, ex.isResponseComplete()});
    });
    try {
      HttpURLConnection c = get(server);
      assertEquals("chunked", c.getHeaderField("Transfer-Encoding"));
      try (InputStream in = c.getInputStream()) {
        assertEquals("data: 1\n\ndata: 2\n\ndata: 3\n\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      boolean[] b = complete.get(10, TimeUnit.SECONDS);
      assertTrue(b[0], "the first event written");
      assertFalse(b[1], "the response is not complete after an event that is not the last");
      assertTrue(b[2], "the last bytes written");
      assertTrue(b[3], "the response is complete once its last bytes are written");
    } finally {
      server.stop();
    }
  }

  /** A started server whose handler runs on the IO thread, as a stream served there. */
  private static Undertow serve(io.undertow.server.HttpHandler handler) {
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
    server.start();
    return server;
  }

  /** A GET to the server, answered 200. */
  private static HttpURLConnection get(Undertow server) throws java.io.IOException {
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
    assertEquals(200, c.getResponseCode());
    return c;
  }
}
