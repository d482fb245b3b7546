package dev.llmrouter.providers.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body whose bytes can be let go once the request has been answered. OkHttp keeps the
 * request, and so its body, for as long as the call's response is open: a stream's whole length.
 * A coding agent's request is tens to hundreds of kilobytes, and thousands of open streams must not
 * hold them all. Not for a body that may be sent again after {@link #release()}: OkHttp resends a
 * body only within the call (redirects, retries), so release it after the call has answered.
 */
public final class ReleasableBody extends RequestBody {
  private final MediaType contentType;
  private final long length;
  private volatile byte[] bytes;

  /**
   * Creates a body of the given bytes, which it does not copy.
   *
   * @param bytes the body; not modified
   * @param contentType its media type
   */
  public ReleasableBody(byte[] bytes, MediaType contentType) {
    this.bytes = bytes;
    this.contentType = contentType;
    this.length = bytes.length;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    byte[] b = bytes;
    if (b == null) throw new IOException("the request body was released: it cannot be sent again");
    sink.write(b);
  }

  /** Lets go of the bytes; a later {@link #writeTo} fails. */
  public void release() {
    bytes = null;
  }
}
