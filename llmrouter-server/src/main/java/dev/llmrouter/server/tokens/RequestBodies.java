package dev.llmrouter.server.tokens;

import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body on a worker thread, with a cap. */
final class RequestBodies {
  private RequestBodies() {}

  /** Thrown when the body is larger than the cap. */
  static final class TooLargeException extends IOException {
    TooLargeException() {
      super("request body too large");
    }
  }

  /**
   * Reads the whole body; the exchange must be in blocking mode.
   *
   * @throws TooLargeException when it exceeds {@code max} bytes
   * @throws IOException when the client's connection fails
   */
  static byte[] read(HttpServerExchange exchange, long max) throws IOException {
    long declared = exchange.getRequestContentLength();
    if (declared > max) throw new TooLargeException();
    InputStream in = exchange.getInputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > max) throw new TooLargeException();
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
