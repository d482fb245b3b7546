package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.ChannelStatus;
import dev.llmrouter.api.provider.Timeouts;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A conversation held by a responses channel stays on that channel and key. */
class ResponsesPinTest {
  private Harness h;

  @AfterEach
  void tearDown() {
    if (h != null) h.close();
  }

  private static String answer(String id) {
    return "{\"id\":\"" + id + "\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"total_tokens\":6}}";
  }

  private Channel.Builder responses(String id, int upstream, int priority, String... keys) {
    return Channel.builder().id(id).name(id).serviceType("responses").baseUrl(h.upstream(upstream).url("/").toString())
        .priority(priority).apiKeys(keys);
  }

  @Test
  void theSecondTurnGoesToTheSameChannelAndKeyAlthoughAnotherIsPreferred() throws Exception {
    h = Harness.create(2, b -> b, Timeouts.DEFAULT, o -> o.sessionStore(ResponsesConversationTest.memory()));
    // Turn 1 can only go to channel B (A is not there yet).
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.RESPONSES, responses("ch-b", 1, 2, "b-key-1", "b-key-2")
        .build()).build());
    h.upstream(1).enqueue(SessionUpstreams.json(answer("resp_b1")));
    assertEquals("resp_b1", ResponsesConversationTest.turn(h, "{\"model\":\"m\",\"input\":\"Hello\"}", false).getString("id"));
    assertEquals("Bearer b-key-1", h.upstream(1).takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    // Now A is preferred and B's keys are reordered: the conversation still goes to B with b-key-1.
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.RESPONSES, responses("ch-a", 0, 1, "a-key-1").build())
        .add(ApiKind.RESPONSES, responses("ch-b", 1, 2, "b-key-2", "b-key-1").build()).build());
    h.upstream(1).enqueue(SessionUpstreams.json(answer("resp_b2")));
    String second = "{\"model\":\"m\",\"previous_response_id\":\"resp_b1\",\"input\":\"And?\"}";
    assertEquals("resp_b2", ResponsesConversationTest.turn(h, second, false).getString("id"));
    RecordedRequest r2 = h.upstream(1).takeRequest(5, TimeUnit.SECONDS);
    assertEquals("Bearer b-key-1", r2.getHeaders().get("Authorization"));
    assertEquals(second, r2.getBody().utf8());
    assertEquals(0, h.upstream(0).getRequestCount());
    // A new conversation takes the preferred channel.
    h.upstream(0).enqueue(SessionUpstreams.json(answer("resp_a1")));
    assertEquals("resp_a1", ResponsesConversationTest.turn(h, "{\"model\":\"m\",\"input\":\"Hi\"}", false).getString("id"));
  }

  @Test
  void whenThePinnedChannelIsDownOnlyChannelsOfItsTypeAreAskedAndTheirErrorIsRelayed() throws Exception {
    h = Harness.create(3, b -> b, Timeouts.DEFAULT, o -> o.sessionStore(ResponsesConversationTest.memory()));
    h.router.setSnapshot(ChannelSnapshot.builder().add(ApiKind.RESPONSES, responses("ch-b", 1, 2, "b-key-1").build())
        .build());
    h.upstream(1).enqueue(SessionUpstreams.json(answer("resp_b1")));
    ResponsesConversationTest.turn(h, "{\"model\":\"m\",\"input\":\"Hello\"}", false);
    h.upstream(1).takeRequest(5, TimeUnit.SECONDS);
    // B is suspended; a claude channel is preferred but cannot know the id; A (responses) is asked and says so.
    h.router.setSnapshot(ChannelSnapshot.builder()
        .add(ApiKind.RESPONSES, Channel.builder().id("ch-claude").serviceType("claude").priority(0)
            .baseUrl(h.upstream(2).url("/").toString()).apiKeys("sk-ant-1").build())
        .add(ApiKind.RESPONSES, responses("ch-a", 0, 1, "a-key-1").build())
        .add(ApiKind.RESPONSES, responses("ch-b", 1, 2, "b-key-1").status(ChannelStatus.SUSPENDED).build()).build());
    String notFound = "{\"error\":{\"message\":\"Previous response with id 'resp_b1' not found.\","
        + "\"type\":\"invalid_request_error\",\"param\":\"previous_response_id\",\"code\":\"previous_response_not_found\"}}";
    h.upstream(0).enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body(notFound).build());
    try (Response r = h.call(h.post("/v1/responses",
        "{\"model\":\"m\",\"previous_response_id\":\"resp_b1\",\"input\":\"And?\"}").build())) {
      assertEquals(400, r.code());
      assertEquals(notFound, r.body().string());
    }
    assertEquals(0, h.upstream(2).getRequestCount());
  }
}
