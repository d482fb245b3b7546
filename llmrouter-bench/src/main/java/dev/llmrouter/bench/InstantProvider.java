package dev.llmrouter.bench;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.nio.charset.StandardCharsets;

/**
 * A Claude provider that answers every call at once with the same small Messages body, so that a
 * benchmark measures the router and not an upstream. Thread-safe.
 */
public final class InstantProvider implements Provider {
  private static final byte[] ANSWER = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
      + "[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,"
      + "\"output_tokens\":2}}").getBytes(StandardCharsets.UTF_8);

  @Override
  public String serviceType() {
    return "claude";
  }

  @Override
  public UpstreamExchange open(UpstreamCall call) {
    return new InstantExchange();
  }

  private static final class InstantExchange implements UpstreamExchange {
    @Override public int status() { return 200; }
    @Override public boolean isStream() { return false; }
    @Override public HttpHeaders headers() { return HttpHeaders.empty(); }
    @Override public String contentType() { return "application/json"; }
    @Override public byte[] errorBody() { return new byte[0]; }
    @Override public byte[] clientErrorBody() { return new byte[0]; }
    @Override public byte[] body() { return ANSWER; }
    @Override public StreamFrame nextFrame() { return null; }
    @Override public StreamFrame errorFrame(String message) { return StreamFrame.of(new byte[0]); }
    @Override public Usage usage() { return Usage.of(3, 2); }
    @Override public long headersNanos() { return 1; }
    @Override public void cancel() {}
    @Override public void close() {}
  }
}
