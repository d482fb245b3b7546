package dev.llmrouter.api.provider;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import java.util.Objects;

/**
 * A client's request as it arrived, read once. The body bytes are never modified; providers that
 * pass it through send them as they are (with only the model rewritten when mapped). Immutable as
 * long as nobody writes to {@code body}, and so safe to share between threads.
 *
 * @param kind the client API
 * @param operation what the client asked for: {@code messages}, {@code count_tokens}, {@code responses},
 *     {@code compact}, {@code generateContent}, {@code streamGenerateContent} or {@code countTokens}
 * @param path the request path as the client sent it, such as {@code /v1/messages}
 * @param rawQuery the query string without {@code ?}, or null
 * @param headers the client's headers (its access key included: providers filter them)
 * @param body the request body; the caller must not modify the array
 * @param fields the routing fields scanned from the body
 * @param model the requested model: the body's {@code model}, or the model named in a Gemini URL
 * @param stream whether the client asked for a streamed answer
 */
public record ClientRequest(
    ApiKind kind,
    String operation,
    String path,
    String rawQuery,
    HttpHeaders headers,
    byte[] body,
    RoutingFields fields,
    String model,
    boolean stream) {

  /** The body of a request {@linkplain #withoutBody() without body}; empty, so nothing can change it. */
  private static final byte[] NO_BODY = new byte[0];

  /**
   * Validates the request.
   *
   * @param kind the client API
   * @param operation what the client asked for: {@code messages}, {@code count_tokens}, {@code responses},
   *     {@code compact}, {@code generateContent}, {@code streamGenerateContent} or {@code countTokens}
   * @param path the request path as the client sent it, such as {@code /v1/messages}
   * @param rawQuery the query string without {@code ?}, or null
   * @param headers the client's headers (its access key included: providers filter them)
   * @param body the request body; the caller must not modify the array
   * @param fields the routing fields scanned from the body
   * @param model the requested model: the body's {@code model}, or the model named in a Gemini URL
   * @param stream whether the client asked for a streamed answer
   * @throws NullPointerException when {@code kind}, {@code operation}, {@code path}, {@code headers},
   *     {@code body} or {@code fields} is null
   */
  public ClientRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(fields, "fields");
  }

  /**
   * Returns this request without its body: the same kind, operation, path, query, headers, routing
   * fields, model and stream flag, and an empty body. For what outlives the sending of the request,
   * such as a stream's bookkeeping while it runs: a coding agent's request is tens to hundreds of
   * kilobytes, and thousands of open streams must not hold them all.
   *
   * @return a new request with an empty body, or this one when its body is already empty
   */
  public ClientRequest withoutBody() {
    if (body.length == 0) return this;
    return new ClientRequest(kind, operation, path, rawQuery, headers, NO_BODY, fields, model, stream);
  }

  /** {@return the request body decoded as UTF-8 (for codecs that parse it)} */
  public String bodyString() {
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Describes the request for logs: kind, operation, model, stream flag and body size; never headers. */
  @Override
  public String toString() {
    return "ClientRequest{" + kind + " " + operation + " model=" + model + " stream=" + stream + " bytes=" + body.length + "}";
  }

  /**
   * Compares by identity: a request is one arrival, and its byte array has no value equality.
   *
   * @param o the other object
   * @return true only for this very request
   */
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  /** {@return the identity hash, consistent with {@link #equals}} */
  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
