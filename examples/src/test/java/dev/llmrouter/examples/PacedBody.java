package dev.llmrouter.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * An upstream body whose pace the test controls: it writes the first chunk, then waits for
 * {@link #release()} before the others (a bounded wait, so a broken test never hangs). Records
 * whether a write failed because the peer went away, which is how the upstream sees a cancel.
 */
final class PacedBody implements MockResponseBody {
  private final List<String> chunks;
  private final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch writeFailed = new CountDownLatch(1);
  final CountDownLatch finished = new CountDownLatch(1);

  PacedBody(List<String> chunks) {
    this.chunks = chunks;
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
        sink.write(chunks.get(i).getBytes(StandardCharsets.UTF_8));
        sink.flush();
      }
      finished.countDown();
    } catch (IOException e) {
      writeFailed.countDown();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
