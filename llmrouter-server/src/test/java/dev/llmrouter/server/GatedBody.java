package dev.llmrouter.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * An upstream body whose pace the test controls: it writes the first chunk, then waits for
 * {@link #release()} before each following chunk (bounded waits, so a broken test never hangs).
 * Records whether a write failed because the peer went away.
 */
final class GatedBody implements MockResponseBody {
  private final List<String> chunks;
  private final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch writeFailed = new CountDownLatch(1);
  final CountDownLatch firstWritten = new CountDownLatch(1);
  private final long pauseMillis;
  private boolean chunked;

  /** Waits for release before the rest; with {@code pauseMillis} > 0, also paces every later chunk. */
  GatedBody(List<String> chunks, long pauseMillis) {
    this.chunks = chunks;
    this.pauseMillis = pauseMillis;
  }

  /**
   * This body as a chunked SSE answer: the body writes its own chunk framing and the response says
   * so (no length, which MockWebServer would otherwise give as -1, a header HTTP clients other than
   * OkHttp refuse).
   */
  MockResponse.Builder chunkedSse() {
    chunked = true;
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(this)
        .removeHeader("Content-Length").addHeader("Transfer-Encoding", "chunked");
  }

  void release() {
    gate.countDown();
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try {
      for (int i = 0; i < chunks.size(); i++) {
        if (i == 1 && !gate.await(20, TimeUnit.SECONDS)) throw new IOException("test gate never opened");
        if (i > 1 && pauseMillis > 0) pause();
        byte[] bytes = chunks.get(i).getBytes(StandardCharsets.UTF_8);
        if (chunked) sink.writeUtf8(Integer.toHexString(bytes.length) + "\r\n");
        sink.write(bytes);
        if (chunked) sink.writeUtf8("\r\n");
        sink.flush();
        if (i == 0) firstWritten.countDown();
      }
      if (chunked) {
        sink.writeUtf8("0\r\n\r\n");
        sink.flush();
      }
    } catch (IOException e) {
      writeFailed.countDown();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void pause() throws InterruptedException {
    // Paces the upstream the way a model emits tokens; bounded by the chunk count.
    new CountDownLatch(1).await(pauseMillis, TimeUnit.MILLISECONDS);
  }
}
