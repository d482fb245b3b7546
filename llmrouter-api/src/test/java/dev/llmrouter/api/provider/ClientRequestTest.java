package dev.llmrouter.api.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientRequestTest {
  @Test
  void withoutBodyKeepsEverythingButTheBody() {
    byte[] body = "{\"model\":\"claude-x\",\"stream\":true,\"metadata\":{\"user_id\":\"u\"}}".getBytes(StandardCharsets.UTF_8);
    RoutingFields fields = RoutingFields.scan(body);
    HttpHeaders headers = HttpHeaders.of("x-claude-code-session-id", "s-1", "anthropic-beta", "b");
    ClientRequest r = new ClientRequest(ApiKind.MESSAGES, "messages", "/v1/messages", "beta=true", headers, body, fields,
        "claude-x", true);
    ClientRequest light = r.withoutBody();
    assertEquals(0, light.body().length);
    assertEquals(ApiKind.MESSAGES, light.kind());
    assertEquals("messages", light.operation());
    assertEquals("/v1/messages", light.path());
    assertEquals("beta=true", light.rawQuery());
    assertSame(headers, light.headers());
    assertSame(fields, light.fields());
    assertEquals("claude-x", light.model());
    assertTrue(light.stream());
    assertEquals(body.length, r.body().length, "the request itself keeps its body");
    assertSame(light, light.withoutBody(), "a request without body is its own copy");
    assertEquals("ClientRequest{MESSAGES messages model=claude-x stream=true bytes=0}", light.toString());
  }

  @Test
  void aCallWithoutBodyKeepsItsChannelKeyAndModel() {
    byte[] body = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    ClientRequest r = new ClientRequest(ApiKind.RESPONSES, "responses", "/v1/responses", null, HttpHeaders.empty(), body,
        RoutingFields.scan(body), "m", false);
    UpstreamCall call = new UpstreamCall(r, dev.llmrouter.api.Channel.builder().id("c").name("c").serviceType("openai")
        .baseUrl("https://c.example").apiKeys(new String[] {"sk-c"}).build(), "https://c.example", "sk-c", "m2",
        new CancelSignal(), Timeouts.DEFAULT);
    UpstreamCall light = call.withoutBody();
    assertEquals(0, light.request().body().length);
    assertSame(call.channel(), light.channel());
    assertEquals("https://c.example", light.baseUrl());
    assertEquals("sk-c", light.apiKey());
    assertEquals("m2", light.model());
    assertSame(call.cancel(), light.cancel());
    assertSame(call.timeouts(), light.timeouts());
  }
}
