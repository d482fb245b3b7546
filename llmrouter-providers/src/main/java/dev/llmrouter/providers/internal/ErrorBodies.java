package dev.llmrouter.providers.internal;

import java.io.IOException;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** Reads bounded prefixes of upstream error bodies. Stateless. */
public final class ErrorBodies {
  /** The most of an error body that is ever read. */
  public static final int LIMIT = 64 * 1024;

  private ErrorBodies() {}

  /**
   * Reads at most {@link #LIMIT} bytes of the body and closes the response, on every path. The rest
   * of a longer body is not read. Never throws for IO: a body that fails while being read gives an
   * empty array.
   *
   * @param response the response to drain; owned by this method from the call on
   * @return the bytes read, at most {@link #LIMIT}; empty when reading failed
   */
  public static byte[] readAndClose(Response response) {
    try (response) {
      ResponseBody body = response.body();
      BufferedSource source = body.source();
      Buffer out = new Buffer();
      long remaining = LIMIT;
      while (remaining > 0) {
        long read = source.read(out, remaining);
        if (read == -1) break;
        remaining -= read;
      }
      return out.readByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
