package dev.llmrouter.providers;

import static dev.llmrouter.providers.ProviderFixture.call;
import static dev.llmrouter.providers.ProviderFixture.clientHeaders;
import static dev.llmrouter.providers.ProviderFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.convert.Converters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A converted stream hands out, with each frame, the common events its bytes were encoded from, so
 * that a typed reader needs no second decoding; frames not made from events carry none.
 */
class ConvertedStreamEventsTest {
  private static final String REQUEST =
      "{\"model\":\"claude-x\",\"stream\":true,\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String HELLO = "data: {\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n";
  private final ProviderFixture f = new ProviderFixture();
  private final Provider openai;

  ConvertedStreamEventsTest() throws IOException {
    openai = Providers.standard(new HttpTransport(f.client), Converters.standard()).get("openai");
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private UpstreamExchange open() throws IOException {
    ClientRequest request = request(ApiKind.MESSAGES, "messages", "/v1/messages", REQUEST, "claude-x", true,
        clientHeaders());
    return openai.open(call(request, f.channel("openai", "sk-up").build(), "gpt-4o"));
  }

  @Test
  void eachFrameCarriesTheEventsBehindItsBytesAndUsageAtTheEndIsNotLost() throws Exception {
    f.upstream.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(HELLO
        + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
        + "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}\n\n"
        + "data: [DONE]\n\n").build());
    List<StreamEvent> events = new ArrayList<>();
    try (UpstreamExchange ex = open()) {
      for (StreamFrame frame = ex.nextFrame(); frame != null; frame = ex.nextFrame()) {
        assertNotNull(frame.events(), frame.text());
        assertTrue(frame.bytes().length > 0);
        events.addAll(frame.events());
      }
      assertEquals(new Usage(5, 2, 4, 0, 0, false), ex.usage());
    }
    assertEquals(List.of(
        new StreamEvent.Start("chatcmpl-1", "gpt-4o", null),
        new StreamEvent.BlockStart(0, ContentPart.Text.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.TextDelta(0, "lo"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.Stop(StopReason.END_TURN, null),
        new StreamEvent.UsageUpdate(new Usage(5, 2, 4, 0, 0, false)),
        new StreamEvent.End()), events);
  }

  @Test
  void aStreamBrokenMidwayEndsWithAnErrorFrameOfBytesAlone() throws Exception {
    f.upstream.enqueue(Upstreams.breaksAfter(List.of(HELLO)).build());
    try (UpstreamExchange ex = open()) {
      StreamFrame first = ex.nextFrame();
      assertEquals(List.of(new StreamEvent.Start("chatcmpl-1", "gpt-4o", null),
          new StreamEvent.BlockStart(0, ContentPart.Text.of("")), new StreamEvent.TextDelta(0, "Hel")), first.events());
      StreamFrame last = ex.nextFrame();
      assertTrue(last.error());
      assertNull(last.events(), "the error frame is made from a message, so only its bytes tell");
      assertTrue(last.text().startsWith("event: error\n"), last.text());
      assertNull(ex.nextFrame());
    }
  }
}
