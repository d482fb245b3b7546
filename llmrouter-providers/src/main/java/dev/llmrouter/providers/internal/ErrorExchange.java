package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;

/**
 * A non-2xx upstream answer whose (bounded) body was already read and whose connection was
 * released. It owns nothing: {@link #close()} and {@link #cancel()} do nothing, {@link #body()}
 * returns the client error body, and there are no frames. Immutable as long as nobody modifies the
 * byte arrays, and so thread-safe.
 */
public final class ErrorExchange implements UpstreamExchange {
  private final int status;
  private final HttpHeaders headers;
  private final String contentType;
  private final byte[] errorBody;
  private final byte[] clientErrorBody;
  private final long headersNanos;

  /**
   * Holds an error answer that was already read.
   *
   * @param status the upstream status code
   * @param headers the response headers the client may see
   * @param contentType the content type to give the client
   * @param errorBody the start of the upstream's error body, as the upstream sent it; not copied
   * @param clientErrorBody the error in the client's protocol; not copied
   * @param headersNanos nanoseconds from the start of the attempt to the response headers
   */
  public ErrorExchange(int status, HttpHeaders headers, String contentType, byte[] errorBody,
      byte[] clientErrorBody, long headersNanos) {
    this.status = status;
    this.headers = headers;
    this.contentType = contentType;
    this.errorBody = errorBody;
    this.clientErrorBody = clientErrorBody;
    this.headersNanos = headersNanos;
  }

  @Override public int status() { return status; }
  @Override public boolean isStream() { return false; }
  @Override public HttpHeaders headers() { return headers; }
  @Override public String contentType() { return contentType; }
  @Override public byte[] errorBody() { return errorBody; }
  @Override public byte[] clientErrorBody() { return clientErrorBody; }
  @Override public byte[] body() { return clientErrorBody; }
  @Override public StreamFrame nextFrame() { return null; }
  @Override public StreamFrame errorFrame(String message) { return null; }
  @Override public Usage usage() { return Usage.NONE; }
  @Override public long headersNanos() { return headersNanos; }
  @Override public void cancel() {}
  @Override public void close() {}
}
