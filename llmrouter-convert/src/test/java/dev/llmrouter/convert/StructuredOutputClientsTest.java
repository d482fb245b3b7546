package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConversionNotes;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Structured output asked by a Gemini client ({@code responseMimeType: application/json} with
 * {@code responseJsonSchema}, as the Gemini CLI's JSON-only calls send it, or with the OpenAPI-form
 * {@code responseSchema}) and by a Claude client ({@code output_config.format}) reaches every other
 * vendor as that vendor's structured output, and the answer comes back to the client as JSON text.
 * Before, both were left out without a word, and the Gemini CLI retried its JSON calls five times.
 */
class StructuredOutputClientsTest {
  /** The shape of the Gemini CLI's generateJson calls (its next-speaker check). */
  private static final String GEMINI_JSON_CALL = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Who speaks next?\"}]}],"
      + "\"generationConfig\":{\"temperature\":0,\"topP\":1,\"responseJsonSchema\":{\"type\":\"object\",\"properties\":{"
      + "\"reasoning\":{\"type\":\"string\"},\"next_speaker\":{\"type\":\"string\",\"enum\":[\"user\",\"model\"]}},"
      + "\"required\":[\"reasoning\",\"next_speaker\"]},\"responseMimeType\":\"application/json\"}}";
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"reasoning\":{\"type\":\"string\"},"
      + "\"next_speaker\":{\"type\":\"string\",\"enum\":[\"user\",\"model\"]}},\"required\":[\"reasoning\",\"next_speaker\"]}";

  private static ConvertContext ctx() {
    AtomicInteger n = new AtomicInteger();
    return new ConvertContext("client-model", "upstream-model", false, () -> String.format("%04d", n.incrementAndGet()),
        false, false, false, false, new ConversionNotes());
  }

  private static JsonObject request(Protocol client, Protocol upstream, String body, ConvertContext ctx) {
    return Json.parseObject(new String(CONVERTER.request(client, upstream, body.getBytes(StandardCharsets.UTF_8), ctx),
        StandardCharsets.UTF_8));
  }

  @Test
  void geminiCliJsonCallBecomesEachVendorsStructuredOutput() {
    JsonObject chat = request(Protocol.GEMINI, Protocol.OPENAI_CHAT, GEMINI_JSON_CALL, ctx());
    assertEquals("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":" + SCHEMA + "}}",
        Json.writeString(chat.get("response_format")));
    JsonObject responses = request(Protocol.GEMINI, Protocol.RESPONSES, GEMINI_JSON_CALL, ctx());
    assertEquals("{\"type\":\"json_schema\",\"name\":\"response\",\"schema\":" + SCHEMA + "}",
        Json.writeString(responses.getObject("text").get("format")));

    ConvertContext c = ctx();
    JsonObject claude = request(Protocol.GEMINI, Protocol.CLAUDE, GEMINI_JSON_CALL, c);
    JsonObject tool = claude.getArray("tools").get(0).asObject();
    assertEquals("structured_output", tool.getString("name"));
    assertEquals(SCHEMA, Json.writeString(tool.get("input_schema")));
    assertEquals("{\"type\":\"tool\",\"name\":\"structured_output\"}", Json.writeString(claude.get("tool_choice")));
    // The forced tool's call comes back to the Gemini client as the answer's JSON text.
    String answer = "{\"id\":\"m\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"structured_output\",\"input\":{\"reasoning\":\"done\",\"next_speaker\":\"user\"}}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    JsonObject g = Json.parseObject(new String(CONVERTER.response(Protocol.CLAUDE, Protocol.GEMINI,
        answer.getBytes(StandardCharsets.UTF_8), c), StandardCharsets.UTF_8));
    JsonObject candidate = g.getArray("candidates").get(0).asObject();
    assertEquals("{\"reasoning\":\"done\",\"next_speaker\":\"user\"}",
        candidate.getObject("content").getArray("parts").get(0).asObject().getString("text"));
    assertEquals("STOP", candidate.getString("finishReason"));
  }

  @Test
  void geminiOpenApiSchemaIsReadAsJsonSchema() {
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"list\"}]}],\"generationConfig\":{"
        + "\"responseMimeType\":\"application/json\",\"responseSchema\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"OBJECT\","
        + "\"properties\":{\"name\":{\"type\":\"STRING\"},\"type\":{\"type\":\"STRING\",\"nullable\":true},"
        + "\"n\":{\"type\":\"INTEGER\",\"format\":\"int32\"}},\"required\":[\"name\"],\"propertyOrdering\":[\"name\",\"type\",\"n\"]}}}}";
    JsonObject chat = request(Protocol.GEMINI, Protocol.OPENAI_CHAT, body, ctx());
    assertEquals("{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
        + "\"type\":{\"type\":[\"string\",\"null\"]},\"n\":{\"type\":\"integer\",\"format\":\"int32\"}},\"required\":[\"name\"]}}",
        Json.writeString(chat.getObject("response_format").getObject("json_schema").get("schema")));
  }

  @Test
  void geminiJsonWithoutSchemaAsksForJson() {
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"json please\"}]}],"
        + "\"generationConfig\":{\"responseMimeType\":\"application/json\"}}";
    assertEquals("{\"type\":\"json_object\"}",
        Json.writeString(request(Protocol.GEMINI, Protocol.OPENAI_CHAT, body, ctx()).get("response_format")));
    // Plain text is no structured output.
    String text = body.replace("application/json", "text/plain");
    assertNull(request(Protocol.GEMINI, Protocol.OPENAI_CHAT, text, ctx()).get("response_format"));
  }

  @Test
  void geminiFunctionParametersInOpenApiFormReachOtherVendorsAsJsonSchema() {
    String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"weather\"}]}],\"tools\":[{\"functionDeclarations\":["
        + "{\"name\":\"weather\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}},"
        + "\"required\":[\"city\"]}}]}]}";
    JsonObject claude = request(Protocol.GEMINI, Protocol.CLAUDE, body, ctx());
    assertEquals("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
        Json.writeString(claude.getArray("tools").get(0).asObject().get("input_schema")));
  }

  @Test
  void claudeOutputFormatBecomesEachVendorsStructuredOutput() {
    String body = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Who speaks next?\"}],"
        + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + SCHEMA + "}}}";
    JsonObject chat = request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, body, ctx());
    assertEquals("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":" + SCHEMA + "}}",
        Json.writeString(chat.get("response_format")));
    JsonObject gemini = request(Protocol.CLAUDE, Protocol.GEMINI, body, ctx());
    assertEquals("application/json", gemini.getObject("generationConfig").getString("responseMimeType"));
    assertEquals("user", gemini.getObject("generationConfig").getObject("responseSchema").getObject("properties")
        .getObject("next_speaker").getArray("enum").get(0).asString());
    JsonObject responses = request(Protocol.CLAUDE, Protocol.RESPONSES, body, ctx());
    assertEquals("json_schema", responses.getObject("text").getObject("format").getString("type"));
    // The beta's top-level output_format too.
    String beta = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"output_format\":{\"type\":\"json_schema\",\"schema\":" + SCHEMA + "}}";
    assertEquals("json_schema", request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, beta, ctx()).getObject("response_format")
        .getString("type"));
    // Without a format, none.
    String plain = "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertNull(request(Protocol.CLAUDE, Protocol.OPENAI_CHAT, plain, ctx()).get("response_format"));
  }
}
