package dev.llmrouter.server.ingress;

import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.Timeouts;
import io.undertow.server.DefaultByteBufferPool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;

/** Makes one {@link UpstreamClient} call on an IO thread and reads its whole answer; for the client's tests. */
final class UpstreamCalls {
  /** A call's answer: its status, headers and body as UTF-8. */
  record Answer(int status, HttpHeaders headers, String body) {}

  private UpstreamCalls() {}

  /**
   * Sends {@code request} and reads the answer's body to its end, with a buffer of {@code
   * bufferSize} bytes, as the IO thread's relay does (reads resumed when none are there).
   *
   * @return the {@link Answer}, or the {@link IOException} the call or the body's read failed with
   */
  static Object send(XnioIoThread io, UpstreamClient client, DirectCall request, Timeouts timeouts, int bufferSize)
      throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    io.execute(() -> client.call(io, new DefaultByteBufferPool(false, 16384), request, timeouts, true,
        new UpstreamClient.Listener() {
          @Override
          public void answered(UpstreamClient.Call c, int status, HttpHeaders headers) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Runnable read = () -> {
              ByteBuffer buf = ByteBuffer.allocateDirect(bufferSize);
              try {
                int n;
                while ((n = c.read(buf)) > 0) {
                  buf.flip();
                  byte[] got = new byte[buf.remaining()];
                  buf.get(got);
                  body.write(got, 0, got.length);
                  buf.clear();
                }
                if (n < 0) {
                  c.released();
                  result.complete(new Answer(status, headers, body.toString(StandardCharsets.UTF_8)));
                } else {
                  c.resumeReads();
                }
              } catch (IOException e) {
                c.abort();
                result.complete(e);
              }
            };
            c.onReadable(read);
            read.run();
          }

          @Override
          public void failed(IOException e) {
            result.complete(e);
          }
        }).start());
    return result.get(10, TimeUnit.SECONDS);
  }
}
