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
 * The Gemini CLI's {@code google_web_search} tool asks the model, in a request of its own, with
 * {@code tools: [{"googleSearch": {}}]}. Google Search is the hosted web search other vendors
 * have: Anthropic's web search server tool, OpenAI Responses' {@code web_search}; Chat Completions
 * has none, so it is left out and named. The answer's text (after the upstream's own search calls
 * and results, which have no Gemini counterpart) comes back to the client. Before, the request was
 * refused with 400 on every channel of another type.
 */
class GeminiGoogleSearchTest {
  private static final String SEARCH = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"weather in Paris\"}]}],"
      + "\"tools\":[{\"googleSearch\":{}}]}";

  private static JsonObject request(Protocol upstream, String body, ConvertContext ctx) {
    return Json.parseObject(new String(CONVERTER.request(Protocol.GEMINI, upstream, body.getBytes(StandardCharsets.UTF_8), ctx),
        StandardCharsets.UTF_8));
  }

  private static String geminiText(Protocol upstream, String answer) {
    JsonObject g = Json.parseObject(new String(CONVERTER.response(upstream, Protocol.GEMINI,
        answer.getBytes(StandardCharsets.UTF_8), context(false)), StandardCharsets.UTF_8));
    JsonObject candidate = g.getArray("candidates").get(0).asObject();
    assertEquals("STOP", candidate.getString("finishReason"));
    assertEquals(1, candidate.getObject("content").getArray("parts").size());
    return candidate.getObject("content").getArray("parts").get(0).asObject().getString("text");
  }

  @Test
  void googleSearchBecomesEachVendorsWebSearch() {
    ConvertContext c = context(false);
    assertEquals("[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]",
        Json.writeString(request(Protocol.CLAUDE, SEARCH, c).get("tools")));
    assertEquals(List.of(), c.notes().dropped());
    assertEquals("[{\"type\":\"web_search\"}]", Json.writeString(request(Protocol.RESPONSES, SEARCH, context(false)).get("tools")));
    ConvertContext chat = context(false);
    assertNull(request(Protocol.OPENAI_CHAT, SEARCH, chat).get("tools"));
    assertEquals(List.of("tools[0] (tool type 'web_search')"), chat.notes().dropped());
  }

  @Test
  void googleSearchBesideFunctionsInOneToolKeepsBoth() {
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"tools\":[{\"googleSearch\":{},"
        + "\"functionDeclarations\":[{\"name\":\"read_file\",\"parametersJsonSchema\":{\"type\":\"object\","
        + "\"properties\":{\"path\":{\"type\":\"string\"}}}}]}]}";
    JsonObject claude = request(Protocol.CLAUDE, body, context(false));
    assertEquals("web_search_20250305", claude.getArray("tools").get(0).asObject().getString("type"));
    assertEquals("read_file", claude.getArray("tools").get(1).asObject().getString("name"));
  }

  @Test
  void otherGeminiToolsAreStillRefused() {
    ClientRequestException e = assertThrows(ClientRequestException.class, () -> request(Protocol.CLAUDE,
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"tools\":[{\"codeExecution\":{}}]}", context(false)));
    assertEquals("tools[0]: only functionDeclarations and googleSearch can be sent to this channel", e.getMessage());
  }

  @Test
  void theSearchingAnswersTextComesBack() {
    String claude = "{\"id\":\"msg\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
        + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{\"query\":\"weather paris\"}},"
        + "{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[{\"type\":\"web_search_result\","
        + "\"url\":\"https://example.com\",\"title\":\"Ex\",\"encrypted_content\":\"abc\"}]},"
        + "{\"type\":\"text\",\"text\":\"It is sunny.\",\"citations\":[{\"type\":\"web_search_result_location\","
        + "\"url\":\"https://example.com\",\"title\":\"Ex\",\"cited_text\":\"sunny\",\"encrypted_index\":\"x\"}]}],"
        + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"server_tool_use\":{\"web_search_requests\":1}}}";
    assertEquals("It is sunny.", geminiText(Protocol.CLAUDE, claude));
    String responses = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"m\",\"output\":["
        + "{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"x\"}},"
        + "{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
        + "\"text\":\"It is sunny.\",\"annotations\":[{\"type\":\"url_citation\",\"url\":\"https://example.com\",\"title\":\"Ex\","
        + "\"start_index\":0,\"end_index\":5}]}]}],\"usage\":{\"input_tokens\":3,\"output_tokens\":4,\"total_tokens\":7}}";
    assertEquals("It is sunny.", geminiText(Protocol.RESPONSES, responses));
  }
}
