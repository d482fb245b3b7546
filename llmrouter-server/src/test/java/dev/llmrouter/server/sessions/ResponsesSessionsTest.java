package dev.llmrouter.server.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.json.RoutingFields;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResponsesSessionsTest {
  private static final Channel CLAUDE = Channel.builder().id("ch-claude").serviceType("claude").baseUrl("http://c")
      .apiKeys("k1").build();
  private static final Channel RESP = Channel.builder().id("ch-resp").serviceType("responses").baseUrl("http://r")
      .apiKeys("k2").build();

  private final TestClock clock = new TestClock();
  private final InMemorySessionStore store = new InMemorySessionStore(SessionLimits.DEFAULT, clock);
  private final AtomicReference<ChannelSnapshot> snapshot = new AtomicReference<>(ChannelSnapshot.builder()
      .add(ApiKind.RESPONSES, CLAUDE).add(ApiKind.RESPONSES, RESP).build());
  private final ResponsesSessions sessions = new ResponsesSessions(store, snapshot::get);

  static ClientRequest request(String body, String... headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    RoutingFields f = RoutingFields.scan(bytes);
    return new ClientRequest(ApiKind.RESPONSES, "responses", "/v1/responses", null, HttpHeaders.of(headers), bytes, f,
        f.model(), f.isStream());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String answer(String id, String text) {
    return "{\"id\":\"" + id + "\",\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"type\":\"message\","
        + "\"id\":\"msg_" + id + "\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text
        + "\"}]}],\"usage\":{\"input_tokens\":10,\"output_tokens\":2,\"total_tokens\":12}}";
  }

  @Test
  void firstTurnIsRoutedUntouchedAndRecordedFromTheAnswer() {
    ClientRequest r = request("{\"model\":\"m\",\"input\":\"Hello\"}");
    Turn turn = sessions.begin(r);
    assertSame(r, turn.request());
    turn.onBody(200, CLAUDE, null, bytes(answer("resp_1", "Hi")));
    assertEquals(new SessionStore.Local(List.of(
        "{\"type\":\"message\",\"role\":\"user\",\"content\":\"Hello\"}",
        "{\"type\":\"message\",\"id\":\"msg_resp_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\"}]}")),
        store.find("resp_1"));
  }

  @Test
  void nextTurnCarriesTheWholeHistoryInOrderWithoutThePreviousId() {
    sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\"}")).onBody(200, CLAUDE, null, bytes(answer("resp_1", "Hi")));
    Turn second = sessions.begin(request("{\"model\":\"m\",\"previous_response_id\":\"resp_1\",\"instructions\":\"Be brief\","
        + "\"input\":[{\"role\":\"user\",\"content\":\"And?\"}],\"store\":true}"));
    assertFalse(second.rejected());
    assertEquals("{\"model\":\"m\",\"instructions\":\"Be brief\",\"input\":["
        + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"Hello\"},"
        + "{\"type\":\"message\",\"id\":\"msg_resp_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\"}]},"
        + "{\"role\":\"user\",\"content\":\"And?\"}],\"store\":true}", second.request().bodyString());
    assertNull(second.request().fields().previousResponseId());
    second.onBody(200, CLAUDE, null, bytes(answer("resp_2", "More")));
    assertEquals(4, ((SessionStore.Local) store.find("resp_2")).items().size());
  }

  @Test
  void unknownIdsAreRejectedWithOpenAisNotFoundError() {
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"previous_response_id\":\"resp_nope\",\"input\":\"x\"}"));
    assertTrue(turn.rejected());
    assertEquals(404, turn.rejectionStatus());
    assertEquals("{\"error\":{\"message\":\"Previous response with id 'resp_nope' not found.\","
        + "\"type\":\"invalid_request_error\",\"param\":\"previous_response_id\",\"code\":\"previous_response_not_found\"}}",
        new String(turn.rejectionBody(), StandardCharsets.UTF_8));
  }

  @Test
  void storeFalseRecordsNothing() {
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\",\"store\":false}"));
    turn.onBody(200, CLAUDE, null, bytes(answer("resp_1", "Hi")));
    assertNull(store.find("resp_1"));
    assertEquals(0, store.size());
  }

  @Test
  void failedAnswersAreNotRecorded() {
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\"}"));
    turn.onBody(500, CLAUDE, null, bytes(answer("resp_1", "Hi")));
    assertNull(store.find("resp_1"));
  }

  @Test
  void responsesChannelAnswersPinTheNextTurnToTheirChannel() {
    sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\"}")).onBody(200, RESP, null, bytes(answer("resp_u1", "Hi")));
    ClientRequest next = request("{\"model\":\"m\",\"previous_response_id\":\"resp_u1\",\"input\":\"And?\"}");
    Turn turn = sessions.begin(next);
    assertArrayEquals(next.body(), turn.request().body());
    assertEquals("ch-resp", turn.request().headers().get(ResponsesSessions.PIN_CHANNEL));
    assertEquals("resp_u1", turn.request().fields().previousResponseId());
    turn.onBody(200, RESP, null, bytes(answer("resp_u2", "More")));
    assertEquals(new SessionStore.Upstream("ch-resp", null), store.find("resp_u2"));
  }

  @Test
  void theKeyThatAnsweredIsPinnedToo() {
    sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\"}")).onBody(200, RESP, "fp-key-2",
        bytes(answer("resp_k1", "Hi")));
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"previous_response_id\":\"resp_k1\",\"input\":\"And?\"}"));
    assertEquals("ch-resp", turn.request().headers().get(ResponsesSessions.PIN_CHANNEL));
    assertEquals("fp-key-2", turn.request().headers().get(ResponsesSessions.PIN_KEY));
  }

  @Test
  void aPinnedTurnAnsweredElsewhereIsNotRecordedAndAGoneChannelIsNotFound() {
    sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\"}")).onBody(200, RESP, null, bytes(answer("resp_u1", "Hi")));
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"previous_response_id\":\"resp_u1\",\"input\":\"And?\"}"));
    turn.onBody(200, CLAUDE, null, bytes(answer("resp_c2", "More")));
    assertNull(store.find("resp_c2"));
    snapshot.set(ChannelSnapshot.builder().add(ApiKind.RESPONSES, CLAUDE).build());
    Turn gone = sessions.begin(request("{\"model\":\"m\",\"previous_response_id\":\"resp_u1\",\"input\":\"And?\"}"));
    assertTrue(gone.rejected());
    assertEquals(404, gone.rejectionStatus());
  }

  @Test
  void clientsCannotPinChannelsThemselves() {
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"input\":\"x\"}", ResponsesSessions.PIN_CHANNEL, "ch-claude",
        "X-LLMRouter-Pin-Key", "abc", "user-agent", "t"));
    assertNull(turn.request().headers().get(ResponsesSessions.PIN_CHANNEL));
    assertNull(turn.request().headers().get(ResponsesSessions.PIN_KEY));
    assertEquals("t", turn.request().headers().get("user-agent"));
    byte[] body = bytes("{\"model\":\"m\"}");
    ClientRequest messages = new ClientRequest(ApiKind.MESSAGES, "messages", "/v1/messages", null,
        HttpHeaders.of(ResponsesSessions.PIN_CHANNEL, "ch-claude"), body, RoutingFields.scan(body), "m", false);
    assertNull(sessions.begin(messages).request().headers().get(ResponsesSessions.PIN_CHANNEL));
  }

  @Test
  void streamedAnswersAreRecordedWhenTheirCompletedEventPasses() {
    Turn turn = sessions.begin(request("{\"model\":\"m\",\"input\":\"Hello\",\"stream\":true}"));
    turn.onFrame(200, CLAUDE, null, StreamFrame.of(bytes("event: response.created\ndata: {\"type\":\"response.created\","
        + "\"response\":{\"id\":\"resp_s1\",\"status\":\"in_progress\",\"output\":[]}}\n\n")));
    turn.onFrame(200, CLAUDE, null, StreamFrame.of(bytes("event: response.output_text.delta\ndata: {\"type\":"
        + "\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n")));
    assertNull(store.find("resp_s1"));
    turn.onFrame(200, CLAUDE, null, StreamFrame.of(bytes("event: response.completed\ndata: {\"type\":\"response.completed\","
        + "\"response\":" + answer("resp_s1", "Hi") + "}\n\n")));
    assertEquals(2, ((SessionStore.Local) store.find("resp_s1")).items().size());
  }

  @Test
  void otherKindsAndCompactPassUntouched() {
    ClientRequest compact = new ClientRequest(ApiKind.RESPONSES, "compact", "/v1/responses/compact", null,
        HttpHeaders.empty(), bytes("{\"previous_response_id\":\"resp_nope\"}"),
        RoutingFields.scan(bytes("{\"previous_response_id\":\"resp_nope\"}")), null, false);
    Turn turn = sessions.begin(compact);
    assertFalse(turn.rejected());
    assertSame(compact, turn.request());
  }
}
