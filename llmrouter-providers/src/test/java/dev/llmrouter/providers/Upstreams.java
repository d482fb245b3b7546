package dev.llmrouter.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.BufferedSink;

/** Assertions on what an upstream received, and upstream bodies that misbehave. */
final class Upstreams {
  private Upstreams() {}

  /** Nothing the client must keep to itself reached the upstream. */
  static void assertNoClientSecrets(RecordedRequest up) {
    Headers h = up.getHeaders();
    for (String name : h.names()) {
      assertFalse(h.get(name).contains(ProviderFixture.ACCESS_KEY), "client access key leaked in " + name);
    }
    assertNull(h.get("Cookie"));
    assertNull(h.get("X-Forwarded-For"));
    assertNull(h.get("X-Forwarded-Host"));
    assertFalse("br".equals(h.get("Accept-Encoding")), "client Accept-Encoding forwarded");
  }

  /** No header of the Anthropic family reached a non-Anthropic upstream. */
  static void assertNoAnthropicHeaders(RecordedRequest up) {
    for (String name : up.getHeaders().names()) {
      assertFalse(name.toLowerCase().startsWith("anthropic-"), "anthropic header sent: " + name);
    }
    assertNull(up.getHeaders().get("x-api-key"));
  }

  static void assertHeader(RecordedRequest up, String name, String value) {
    assertEquals(value, up.getHeaders().get(name), name);
  }

  /**
   * A stream that sends the chunks, then closes the socket although it promised more bytes, so the
   * reader sees the connection break mid-body.
   */
  static MockResponse.Builder breaksAfter(List<String> chunks) {
    String text = String.join("", chunks);
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(new MockResponseBody() {
      @Override
      public long getContentLength() {
        return text.getBytes(StandardCharsets.UTF_8).length + 1000;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(text.getBytes(StandardCharsets.UTF_8));
        sink.flush();
      }
    }).onResponseEnd(new SocketEffect.CloseSocket());
  }
}
