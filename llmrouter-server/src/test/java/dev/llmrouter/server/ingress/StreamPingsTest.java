package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keep-alive ticker: pings a silent stream, never while its worker writes, never after it ended. */
class StreamPingsTest {
  private static final Duration INTERVAL = Duration.ofMillis(40);
  private final ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() {
    ticker.shutdownNow();
  }

  /** Records what is written and counts flushes. */
  private static final class Sink extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch flushes;

    Sink(int expected) {
      flushes = new CountDownLatch(expected);
    }

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes.countDown();
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until the ticker has run for {@code intervals} more ping intervals. */
  private void passIntervals(int intervals) throws Exception {
    ticker.schedule(() -> { }, INTERVAL.toMillis() * intervals, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
  }

  @Test
  void theProtocolsKeepAlives() {
    assertArrayEquals("event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.UTF_8),
        StreamPings.pingBytes(Protocol.CLAUDE, false));
    for (Protocol p : new Protocol[] {Protocol.RESPONSES, Protocol.GEMINI, Protocol.OPENAI_CHAT}) {
      assertArrayEquals(": ping\n\n".getBytes(StandardCharsets.UTF_8), StreamPings.pingBytes(p, false));
    }
    assertArrayEquals("\n".getBytes(StandardCharsets.UTF_8), StreamPings.pingBytes(Protocol.GEMINI, true));
  }

  @Test
  void aSilentStreamIsPingedUntilItEnds() throws Exception {
    StreamPings pings = new StreamPings(INTERVAL, ticker, Runnable::run);
    Sink sink = new Sink(2);
    StreamPings.Stream s = pings.open(sink, StreamPings.pingBytes(Protocol.RESPONSES, false));
    assertTrue(sink.flushes.await(10, TimeUnit.SECONDS));
    s.close();
    String atClose = sink.text();
    assertTrue(atClose.startsWith(": ping\n\n: ping\n\n"), atClose);
    assertEquals(s.pings() * ": ping\n\n".length(), atClose.length());
    passIntervals(5);
    assertEquals(atClose, sink.text());
  }

  @Test
  void noPingWhileTheWorkerWritesNorRightAfter() throws Exception {
    StreamPings pings = new StreamPings(INTERVAL, ticker, Runnable::run);
    Sink sink = new Sink(1);
    StreamPings.Stream s = pings.open(sink, StreamPings.pingBytes(Protocol.CLAUDE, false));
    s.lock();
    try {
      // A write that takes long (a slow client): the stream is not silent, nothing is interleaved.
      passIntervals(5);
      assertEquals("", sink.text());
    } finally {
      s.unlock();
    }
    // After the write the stream is silent again: a ping follows.
    assertTrue(sink.flushes.await(10, TimeUnit.SECONDS));
    assertTrue(sink.text().startsWith("event: ping\n"), sink.text());
    s.close();
  }

  @Test
  void aZeroIntervalTurnsPingsOff() throws Exception {
    StreamPings pings = new StreamPings(Duration.ZERO, ticker, Runnable::run);
    Sink sink = new Sink(1);
    StreamPings.Stream s = pings.open(sink, StreamPings.pingBytes(Protocol.CLAUDE, false));
    passIntervals(5);
    assertEquals("", sink.text());
    s.close();
  }
}
