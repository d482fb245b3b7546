package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.api.provider.PushedExchange;
import java.util.function.Supplier;

/**
 * A passed-through attempt (a stream, or a request whose answer comes whole) as plain data, for a
 * caller that makes the call itself: the URL, headers and body an OkHttp attempt would have sent,
 * and a {@link PushedPassthroughExchange} for its answer. Immutable.
 */
public final class DirectPassthrough implements DirectCall {
  private final Protocol protocol;
  private final String url;
  private final HttpHeaders headers;
  private final byte[] body;
  private final Supplier<StreamWatcher> watchers;
  private final boolean clientStream;
  private final long maxEventBytes;
  private final long maxBodyBytes;
  private final Runnable staleRetries;

  /**
   * @param protocol the protocol both the client and the upstream speak
   * @param url the absolute upstream URL
   * @param headers the request headers, without host and length
   * @param body the request body; not copied
   * @param watchers makes the watcher of the answer's stream
   * @param clientStream whether the client asked for a stream
   * @param maxEventBytes the largest SSE line or event taken
   * @param maxBodyBytes the largest answer that is not a stream taken
   * @param staleRetries counts a request sent again on a fresh connection
   */
  public DirectPassthrough(Protocol protocol, String url, HttpHeaders headers, byte[] body,
      Supplier<StreamWatcher> watchers, boolean clientStream, long maxEventBytes, long maxBodyBytes, Runnable staleRetries) {
    this.protocol = protocol;
    this.url = url;
    this.headers = headers;
    this.body = body;
    this.watchers = watchers;
    this.clientStream = clientStream;
    this.maxEventBytes = maxEventBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.staleRetries = staleRetries;
  }

  @Override
  public void sentAgainOnFreshConnection() {
    staleRetries.run();
  }

  @Override public String url() { return url; }
  @Override public HttpHeaders headers() { return headers; }
  @Override public byte[] body() { return body; }

  @Override
  public PushedExchange answer(int status, HttpHeaders responseHeaders, long headersNanos, Runnable abort) {
    return new PushedPassthroughExchange(protocol, status, responseHeaders, watchers.get(), clientStream, headersNanos,
        maxEventBytes, maxBodyBytes, abort);
  }
}
