package dev.llmrouter.server.http;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body on a worker thread, with a cap: the one way every route (proxy, token
 * count, admin) reads a body. A body with a declared length is read straight into an array of that
 * size, and then to its end, so that a keep-alive connection serves the next request; a chunked
 * body is collected until it ends or passes the cap. Stateless.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /** Thrown when a request body is larger than the cap; the caller answers 413 in its client's format. */
  public static final class TooLargeException extends IOException {
    TooLargeException() {
      super("request body too large");
    }
  }

  /**
   * Reads the whole body as {@link #read} does, or answers the request when it cannot be read: a
   * body over the cap gets a 413 in the client's protocol, and a failed read closes the connection.
   * Either way the connection is not kept alive (the rest of the body is not read).
   *
   * @param exchange the request, in blocking mode
   * @param protocol the client's protocol, for the shape of the error
   * @param max the largest body accepted, in bytes
   * @return the body, or null when the request was answered (its status is then 413, or the
   *     exchange ended because the client's connection failed)
   */
  public static byte[] readOrRefuse(HttpServerExchange exchange, Protocol protocol, long max) {
    try {
      return read(exchange, max);
    } catch (TooLargeException e) {
      exchange.setPersistent(false);
      Exchanges.sendError(exchange, protocol, 413, ErrorType.REQUEST_TOO_LARGE,
          "request body is larger than the limit of " + (max / (1024 * 1024)) + " MiB");
      return null;
    } catch (IOException e) {
      exchange.setPersistent(false);
      exchange.endExchange();
      return null;
    }
  }

  /**
   * Reads the whole body; the exchange must be in blocking mode. A declared length over the cap is
   * refused before a byte is read (a client waiting on {@code Expect: 100-continue} gets its answer
   * without sending the body).
   *
   * @param exchange the request, in blocking mode
   * @param max the largest body accepted, in bytes
   * @return the body, empty when there is none
   * @throws TooLargeException when it exceeds {@code max} bytes
   * @throws IOException when the client's connection fails or the body does not match its declared length
   */
  public static byte[] read(HttpServerExchange exchange, long max) throws IOException {
    long declared = exchange.getRequestContentLength();
    if (declared > max) throw new TooLargeException();
    InputStream in = exchange.getInputStream();
    if (declared >= 0) {
      // The usual case: read straight into an array of the declared size, with no copy and no
      // scratch buffer.
      byte[] body = new byte[(int) declared];
      int off = 0;
      while (off < body.length) {
        int n = in.read(body, off, body.length - off);
        if (n == -1) throw new IOException("request body ended before its declared length");
        off += n;
      }
      // Reading the end marks the request as complete, so that the connection serves the next one.
      if (in.read() != -1) throw new IOException("request body longer than its declared length");
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
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
