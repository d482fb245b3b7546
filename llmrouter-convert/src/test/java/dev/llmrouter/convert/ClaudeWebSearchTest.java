package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claude Code's WebSearch tool asks the model, in a request of its own, with Anthropic's web search
 * server tool ({@code web_search_20250305}). On a channel of another type it is that vendor's
 * hosted web search (OpenAI Responses' {@code web_search}, Gemini's {@code googleSearch}); Chat
 * Completions has none, so it is left out and named. The answer's text comes back. Before, the
 * request was refused with 400 on every channel of another type.
 */
class ClaudeWebSearchTest {
  /** The shape of Claude Code's WebSearch request. */
  private static final String SEARCH = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":4096,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Perform a web search for the query: weather in Paris\"}],"
      + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":8}]}";

  private static JsonObject request(Protocol upstream, String body, ConvertContext ctx) {
    return Json.parseObject(new String(CONVERTER.request(Protocol.CLAUDE, upstream, body.getBytes(StandardCharsets.UTF_8), ctx),
        StandardCharsets.UTF_8));
  }

  @Test
  void webSearchBecomesEachVendorsWebSearch() {
    ConvertContext r = context(false);
    assertEquals("[{\"type\":\"web_search\"}]", Json.writeString(request(Protocol.RESPONSES, SEARCH, r).get("tools")));
    assertEquals(List.of(), r.notes().dropped());
    assertEquals("[{\"googleSearch\":{}}]", Json.writeString(request(Protocol.GEMINI, SEARCH, context(false)).get("tools")));
    ConvertContext chat = context(false);
    assertNull(request(Protocol.OPENAI_CHAT, SEARCH, chat).get("tools"));
    assertEquals(List.of("tools[0] (tool type 'web_search')"), chat.notes().dropped());
  }

  @Test
  void domainsAndLocationAreCarriedOver() {
    String body = SEARCH.replace("\"max_uses\":8", "\"max_uses\":8,\"allowed_domains\":[\"example.com\"],"
        + "\"blocked_domains\":[\"spam.example\"],\"user_location\":{\"type\":\"approximate\",\"city\":\"Paris\",\"country\":\"FR\"}");
    ConvertContext c = context(false);
    assertEquals("[{\"type\":\"web_search\",\"filters\":{\"allowed_domains\":[\"example.com\"]},"
        + "\"user_location\":{\"type\":\"approximate\",\"city\":\"Paris\",\"country\":\"FR\"}}]",
        Json.writeString(request(Protocol.RESPONSES, body, c).get("tools")));
    // OpenAI's filters have no blocked domains: left out and named, or refused when strict.
    assertEquals(List.of("tools[0].blocked_domains (blocked domains)"), c.notes().dropped());
    ClientRequestException e = assertThrows(ClientRequestException.class, () -> Converters.standard(true)
        .request(Protocol.CLAUDE, Protocol.RESPONSES, body.getBytes(StandardCharsets.UTF_8), context(false)));
    assertEquals("tools[0].blocked_domains: blocked domains cannot be sent to this channel", e.getMessage());
  }

  @Test
  void theSearchingAnswersTextComesBack() {
    String responses = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"m\",\"output\":["
        + "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"x\"}},"
        + "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
        + "\"text\":\"It is sunny.\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":4,\"total_tokens\":7}}";
    JsonObject m = Json.parseObject(new String(CONVERTER.response(Protocol.RESPONSES, Protocol.CLAUDE,
        responses.getBytes(StandardCharsets.UTF_8), context(false)), StandardCharsets.UTF_8));
    assertEquals("[{\"type\":\"text\",\"text\":\"It is sunny.\"}]", Json.writeString(m.get("content")));
    assertEquals("end_turn", m.getString("stop_reason"));
  }
}
