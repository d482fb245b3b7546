package dev.llmrouter.providers.internal;

import java.io.IOException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** Reads whole upstream bodies into memory within a size limit. Stateless. */
final class Bodies {
  private Bodies() {}

  /**
   * Reads a whole body, holding at most {@code max + 1} bytes of it: a body that announces or turns
   * out to be longer fails without being read further. The caller still owns and closes the response.
   *
   * @param body the body (decompressed when OkHttp gunzips it)
   * @param max the largest body accepted, in bytes
   * @return the body's bytes
   * @throws TooLargeException when the body is longer than {@code max}
   * @throws IOException when reading fails
   */
  static byte[] read(ResponseBody body, long max) throws IOException {
    if (body.contentLength() > max) throw new TooLargeException("upstream answer", max);
    BufferedSource source = body.source();
    if (source.request(max + 1)) throw new TooLargeException("upstream answer", max);
    return source.readByteArray();
  }
}
