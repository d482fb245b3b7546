package dev.llmrouter.scheduler;

import dev.llmrouter.api.Channel;
import dev.llmrouter.api.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A whole, non-streamed answer to a routed request, in the client's protocol, exactly as the HTTP
 * server would send it: the upstream's answer (converted when the channel speaks another protocol),
 * an upstream error relayed to the client, or an error made by the router (such as 503 when every
 * channel failed). Like an OkHttp {@code Response}, a non-2xx status is an answer, not an exception:
 * check {@link #isSuccessful()}.
 *
 * <p>Immutable and thread-safe; it holds no connection, so there is nothing to close.
 */
public final class Answer {
  private final int status;
  private final HttpHeaders headers;
  private final String contentType;
  private final byte[] body;
  private final Channel channel;
  private final int attempts;

  Answer(int status, HttpHeaders headers, String contentType, byte[] body, Channel channel, int attempts) {
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.contentType = contentType;
    this.body = body.clone();
    this.channel = channel;
    this.attempts = attempts;
  }

  /** Reads the whole body of a non-streamed {@link RoutedResponse}; does not close it. */
  static Answer of(RoutedResponse r) {
    return new Answer(r.status(), r.headers(), r.contentType(), r.body(), r.channel(), r.attempts());
  }

  /**
   * The HTTP status the server would send.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }

  /**
   * True for a 2xx status.
   *
   * @return whether the status is 2xx
   */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * Headers the server would send (the upstream's, filtered; {@code retry-after} on a 429).
   *
   * @return the headers, never null
   */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * The content type of the body, such as {@code application/json}; may be null.
   *
   * @return the content type, or null
   */
  public String contentType() {
    return contentType;
  }

  /**
   * A copy of the body bytes.
   *
   * @return a new array with the body
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as UTF-8 text.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The channel that answered (or whose error this is), or null when no channel was tried.
   *
   * @return the channel, or null
   */
  public Channel channel() {
    return channel;
  }

  /**
   * How many upstream calls this answer took (0 when no channel was tried).
   *
   * @return the number of upstream calls
   */
  public int attempts() {
    return attempts;
  }

  @Override
  public String toString() {
    return "Answer{status=" + status + ", channel=" + (channel == null ? null : channel.id()) + ", attempts="
        + attempts + ", bytes=" + body.length + "}";
  }
}
