package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A Gemini {@code countTokens} answered by an Anthropic {@code /v1/messages/count_tokens} or an
 * OpenAI {@code /v1/responses/input_tokens} call: the {@code input_tokens} number of either answer
 * becomes {@code {"totalTokens": N}}. Never a stream. Not thread-safe,
 * except {@link #cancel()}, which any thread may call.
 *
 * <p>Owns the OkHttp response: {@link #close()} releases it, and {@link #body()} closes the
 * exchange itself.
 */
public final class CountTokensExchange implements UpstreamExchange {
  private final Call call;
  private final Response response;
  private final HttpHeaders headers;
  private final long headersNanos;
  private final long maxBodyBytes;
  private boolean closed;

  /**
   * Wraps a 2xx count_tokens answer whose body has not been read yet.
   *
   * @param call the upstream call, cancelled by {@link #cancel()}
   * @param response the unread 2xx response; ownership passes to this exchange
   * @param headersNanos nanoseconds from the start of the attempt to the response headers
   * @param maxBodyBytes the largest answer read
   */
  public CountTokensExchange(Call call, Response response, long headersNanos, long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.call = call;
    this.response = response;
    this.headers = HeaderPolicy.responseConverted(response.headers());
    this.headersNanos = headersNanos;
  }

  @Override public int status() { return response.code(); }
  @Override public boolean isStream() { return false; }
  @Override public HttpHeaders headers() { return headers; }
  @Override public String contentType() { return "application/json"; }
  @Override public byte[] errorBody() { return new byte[0]; }
  @Override public byte[] clientErrorBody() { return new byte[0]; }

  /**
   * Reads the upstream's answer, rewrites it for Gemini and closes this exchange.
   *
   * @return {@code {"totalTokens": N}}
   * @throws IOException when the answer cannot be read or holds no {@code input_tokens} number
   */
  @Override
  public byte[] body() throws IOException {
    try {
      byte[] bytes = Bodies.read(response.body(), maxBodyBytes);
      JsonValue parsed;
      try {
        parsed = Json.parse(bytes);
      } catch (RuntimeException e) {
        throw new IOException("count_tokens answer is not JSON: " + e.getMessage(), e);
      }
      if (!(parsed instanceof JsonObject o) || o.getNumber("input_tokens") == null) {
        throw new IOException("count_tokens answer has no input_tokens");
      }
      return Json.write(new JsonObject().put("totalTokens", o.getNumber("input_tokens")));
    } finally {
      close();
    }
  }

  @Override public StreamFrame nextFrame() { return null; }

  @Override
  public StreamFrame errorFrame(String message) {
    return new StreamFrame(ClientErrors.streamEvent(dev.llmrouter.api.Protocol.GEMINI, ErrorType.UPSTREAM, message), true);
  }

  @Override public Usage usage() { return Usage.NONE; }
  @Override public long headersNanos() { return headersNanos; }
  @Override public void cancel() { call.cancel(); }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    response.close();
  }
}
