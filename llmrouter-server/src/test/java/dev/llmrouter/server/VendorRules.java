package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each vendor documents about a request body, checked on what llmrouter sends upstream: the
 * tool declarations and their schema keywords, the roles and their order, that every tool result
 * answers a call made before it, thinking budgets and signatures, reasoning efforts and cache
 * breakpoints. The allowed lists are copied from the vendors' references, linked beside each.
 */
final class VendorRules {
  private VendorRules() {}

  /**
   * The fields of Gemini's Schema object, the OpenAPI subset of function-declaration
   * {@code parameters}: https://ai.google.dev/api/caching#Schema
   */
  static final Set<String> GEMINI_SCHEMA = Set.of("type", "format", "title", "description", "nullable", "enum",
      "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
      "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
  /** Gemini's Type enum, https://ai.google.dev/api/caching#Type (lower case accepted). */
  static final Set<String> GEMINI_TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");
  /** GenerationConfig, https://ai.google.dev/api/generate-content#generationconfig */
  static final Set<String> GEMINI_GENERATION_CONFIG = Set.of("stopSequences", "responseMimeType", "responseSchema",
      "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
      "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
      "speechConfig", "thinkingConfig", "imageConfig", "mediaResolution");
  /** ThinkingConfig, https://ai.google.dev/api/generate-content#ThinkingConfig */
  static final Set<String> GEMINI_THINKING_CONFIG = Set.of("includeThoughts", "thinkingBudget", "thinkingLevel");
  /** The request members of generateContent, https://ai.google.dev/api/generate-content#request-body */
  static final Set<String> GEMINI_REQUEST = Set.of("contents", "tools", "toolConfig", "safetySettings",
      "systemInstruction", "generationConfig", "cachedContent");

  /**
   * JSON Schema 2020-12 keywords (core, applicator, validation, meta-data, format, unevaluated;
   * https://json-schema.org/draft/2020-12/json-schema-core and -validation) plus draft-07's
   * {@code definitions}: what OpenAI reads in non-strict function {@code parameters}
   * (https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools, "described as a
   * JSON Schema object"), less the meta keywords that say nothing to the model.
   */
  static final Set<String> OPENAI_SCHEMA = Set.of("$ref", "$defs", "definitions", "type", "enum", "const",
      "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
      "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required",
      "dependentRequired", "prefixItems", "items", "contains", "additionalProperties", "properties",
      "patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
      "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "format",
      "unevaluatedItems", "unevaluatedProperties");

  /** Anthropic's Messages roles, https://docs.anthropic.com/en/api/messages */
  static final Set<String> CLAUDE_ROLES = Set.of("user", "assistant");
  /** Chat Completions message roles, https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages */
  static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant", "tool");
  /** Responses input message roles, https://platform.openai.com/docs/api-reference/responses/create#responses-create-input */
  static final Set<String> RESPONSES_ROLES = Set.of("system", "developer", "user", "assistant");
  /** Chat Completions tool types, https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools */
  static final Set<String> CHAT_TOOLS = Set.of("function", "custom");
  /** Gemini Tool members, https://ai.google.dev/api/caching#Tool */
  static final Set<String> GEMINI_TOOL = Set.of("functionDeclarations", "googleSearchRetrieval", "codeExecution",
      "googleSearch", "computerUse", "urlContext", "fileSearch", "googleMaps");
  /** Chat Completions {@code reasoning_effort}, https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort */
  static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh");
  /** Responses input item types that a converted request uses. */
  static final Set<String> RESPONSES_ITEMS = Set.of("message", "function_call", "function_call_output", "reasoning",
      "custom_tool_call", "custom_tool_call_output");

  /** Checks an upstream request body of one vendor. */
  static void check(Protocol vendor, JsonObject body) {
    switch (vendor) {
      case CLAUDE:
        claude(body);
        break;
      case OPENAI_CHAT:
        chat(body);
        break;
      case RESPONSES:
        responses(body);
        break;
      default:
        gemini(body);
        break;
    }
  }

  static void claude(JsonObject body) {
    assertNotNull(body.getString("model"), "model");
    long maxTokens = body.getLong("max_tokens", 0);
    assertTrue(maxTokens > 0, "max_tokens");
    JsonArray messages = body.getArray("messages");
    assertNotNull(messages, "messages");
    assertFalse(messages.isEmpty(), "messages");
    Set<String> open = new HashSet<>();
    String previous = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.get(i).asObject();
      String role = m.getString("role");
      assertTrue(CLAUDE_ROLES.contains(role), "messages[" + i + "].role " + role);
      if (i == 0) assertEquals("user", role, "the first message is the user's");
      assertFalse(role.equals(previous), "messages[" + i + "]: roles alternate");
      previous = role;
      JsonValue content = m.get("content");
      if (!(content instanceof JsonArray blocks)) continue;
      boolean others = false;
      for (JsonValue b : blocks) {
        JsonObject block = b.asObject();
        String type = block.getString("type");
        if ("tool_use".equals(type)) open.add(block.getString("id"));
        if ("tool_result".equals(type)) {
          assertFalse(others, "tool results come first in their user turn");
          assertTrue(open.remove(block.getString("tool_use_id")), "tool_result answers an earlier tool_use");
        } else {
          others = true;
        }
        if ("thinking".equals(type)) assertFalse(block.getString("signature", "").isEmpty(), "thinking has its signature");
      }
    }
    JsonObject thinking = body.getObject("thinking");
    if (thinking != null && "enabled".equals(thinking.getString("type"))) {
      long budget = thinking.getLong("budget_tokens", 0);
      assertTrue(budget >= 1024 && budget < maxTokens, "thinking budget in [1024, max_tokens)");
      // "temperature may only be set to 1 when thinking is enabled"
      // (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility).
      Double temperature = body.getNumber("temperature") == null ? null : body.getNumber("temperature").doubleValue();
      assertTrue(temperature == null || temperature == 1.0, "thinking with no temperature or 1: " + temperature);
      // With thinking on, an assistant turn that called a tool starts with its thinking block.
      JsonObject lastAssistant = null;
      for (JsonValue m : messages) if ("assistant".equals(m.asObject().getString("role"))) lastAssistant = m.asObject();
      if (lastAssistant != null && lastAssistant.get("content") instanceof JsonArray blocks && hasType(blocks, "tool_use")) {
        String first = blocks.get(0).asObject().getString("type");
        assertTrue(first.equals("thinking") || first.equals("redacted_thinking"),
            "the last assistant turn with a tool_use starts with thinking");
      }
    }
    for (JsonValue t : arr(body, "tools")) {
      JsonObject tool = t.asObject();
      String type = tool.getString("type");
      if (type != null && type.startsWith("web_search_")) {
        assertEquals("web_search", tool.getString("name"), "the web search server tool's name");
        continue;
      }
      assertTrue(type == null || type.equals("custom"), "client tools have no type or custom: " + type);
      assertTrue(tool.getString("name").matches("[a-zA-Z0-9_-]{1,128}"), "tool name");
      JsonObject schema = tool.getObject("input_schema");
      assertNotNull(schema, "input_schema");
      assertEquals("object", schema.getString("type"), "input_schema is an object schema");
    }
    assertTrue(countCacheControl(body) <= 4, "at most four cache_control blocks");
  }

  /**
   * OpenAI answers 400 string_above_max_length for a {@code user} longer than 64 characters (the
   * field is documented without a limit: https://platform.openai.com/docs/api-reference/chat/create#chat-create-user).
   */
  static void openAiUser(JsonObject body) {
    String user = body.getString("user");
    if (user != null) assertTrue(user.length() <= 64, "user of at most 64 characters: " + user);
  }

  static void chat(JsonObject body) {
    assertNotNull(body.getString("model"), "model");
    openAiUser(body);
    JsonArray messages = body.getArray("messages");
    assertNotNull(messages, "messages");
    Set<String> calls = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.get(i).asObject();
      String role = m.getString("role");
      assertTrue(CHAT_ROLES.contains(role), "messages[" + i + "].role " + role);
      for (JsonValue c : arr(m, "tool_calls")) {
        JsonObject call = c.asObject();
        // Assistant tool calls are function or custom calls, like the tools they call.
        String type = call.getString("type");
        assertTrue(CHAT_TOOLS.contains(type), "tool call type " + type);
        assertNotNull(call.getObject(type).getString("name"), "tool call name");
        calls.add(call.getString("id"));
      }
      if (role.equals("tool")) assertTrue(calls.contains(m.getString("tool_call_id")), "tool message answers an earlier call");
    }
    for (JsonValue t : arr(body, "tools")) {
      JsonObject tool = t.asObject();
      String type = tool.getString("type");
      assertTrue(CHAT_TOOLS.contains(type), "Chat tool type " + type);
      if ("function".equals(type)) {
        JsonObject fn = tool.getObject("function");
        assertTrue(fn.getString("name").matches("[a-zA-Z0-9_-]{1,64}"), "function name");
        openAiParameters(fn.getString("name"), fn.getObject("parameters"));
      } else {
        JsonObject custom = tool.getObject("custom");
        assertTrue(custom.getString("name", "").matches("[a-zA-Z0-9_-]{1,64}"), "custom tool name");
        JsonObject format = custom.getObject("format");
        if (format != null && "grammar".equals(format.getString("type"))) {
          JsonObject grammar = format.getObject("grammar");
          assertTrue(Set.of("lark", "regex").contains(grammar.getString("syntax")), "grammar syntax");
          assertNotNull(grammar.getString("definition"), "grammar definition");
        }
      }
    }
    String effort = body.getString("reasoning_effort");
    if (effort != null) assertTrue(EFFORTS.contains(effort), "reasoning_effort " + effort);
  }

  static void responses(JsonObject body) {
    assertNotNull(body.getString("model"), "model");
    openAiUser(body);
    JsonValue input = body.get("input");
    Set<String> calls = new HashSet<>();
    if (input instanceof JsonArray items) {
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.get(i).asObject();
        String type = item.getString("type", "message");
        assertTrue(RESPONSES_ITEMS.contains(type), "input[" + i + "].type " + type);
        if (type.equals("message")) assertTrue(RESPONSES_ROLES.contains(item.getString("role")), "input[" + i + "].role");
        if (type.equals("function_call") || type.equals("custom_tool_call")) calls.add(item.getString("call_id"));
        if (type.equals("function_call_output") || type.equals("custom_tool_call_output")) {
          assertTrue(calls.contains(item.getString("call_id")), "function_call_output answers an earlier function_call");
        }
      }
    }
    for (JsonValue t : arr(body, "tools")) {
      JsonObject tool = t.asObject();
      if (!"function".equals(tool.getString("type"))) continue;
      assertEquals(Boolean.FALSE, tool.getBoolean("strict"),
          "strict: false (Responses function tools are strict by default, and client schemas are not strict)");
      openAiParameters(tool.getString("name"), tool.getObject("parameters"));
    }
  }

  static void gemini(JsonObject body) {
    for (String member : body.names()) assertTrue(GEMINI_REQUEST.contains(member), "request member " + member);
    JsonArray contents = body.getArray("contents");
    assertNotNull(contents, "contents");
    String previous = null;
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < contents.size(); i++) {
      JsonObject c = contents.get(i).asObject();
      String role = c.getString("role");
      assertTrue(role.equals("user") || role.equals("model"), "contents[" + i + "].role " + role);
      if (i == 0) assertEquals("user", role, "the first turn is the user's");
      assertFalse(role.equals(previous), "contents[" + i + "]: turns alternate");
      previous = role;
      assertFalse(arr(c, "parts").isEmpty(), "contents[" + i + "].parts");
      for (JsonValue p : arr(c, "parts")) {
        JsonObject part = p.asObject();
        JsonObject call = part.getObject("functionCall");
        JsonObject response = part.getObject("functionResponse");
        if (call != null) {
          assertEquals("model", role, "function calls are the model's");
          pending.add(call.getString("name"));
        }
        if (response != null) {
          assertEquals("user", role, "function responses are the user's");
          assertTrue(pending.remove(response.getString("name")), "functionResponse answers an earlier functionCall");
          assertTrue(response.get("response") instanceof JsonObject, "functionResponse.response is an object");
        }
      }
    }
    JsonObject gen = body.getObject("generationConfig");
    if (gen != null) {
      for (String k : gen.names()) assertTrue(GEMINI_GENERATION_CONFIG.contains(k), "generationConfig." + k);
      JsonObject tc = gen.getObject("thinkingConfig");
      if (tc != null) for (String k : tc.names()) assertTrue(GEMINI_THINKING_CONFIG.contains(k), "thinkingConfig." + k);
      if (tc != null && tc.get("thinkingBudget") != null) assertTrue(tc.getLong("thinkingBudget", -2) >= -1, "thinkingBudget");
    }
    boolean functions = false;
    boolean search = false;
    for (JsonValue t : arr(body, "tools")) {
      for (String k : t.asObject().names()) assertTrue(GEMINI_TOOL.contains(k), "Gemini tool member " + k);
      assertEquals(1, t.asObject().members().size(), "one kind of tool per entry");
      if (t.asObject().has("functionDeclarations")) functions = true;
      if (t.asObject().has("googleSearch")) search = true;
      assertTrue(t.asObject().has("functionDeclarations") || t.asObject().has("googleSearch"),
          "a converted request declares functions or Google Search");
      for (JsonValue d : arr(t.asObject(), "functionDeclarations")) {
        JsonObject decl = d.asObject();
        String name = decl.getString("name");
        assertTrue(name.matches("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}"), "function name " + name);
        JsonObject params = decl.getObject("parameters");
        if (params != null) geminiSchema(name, params, "parameters", true);
      }
    }
    assertFalse(functions && search, "Google Search and functions are not combined");
  }

  /** Gemini's Schema subset at every keyword position. */
  static void geminiSchema(String tool, JsonObject schema, String path, boolean root) {
    for (String k : schema.names()) {
      assertTrue(GEMINI_SCHEMA.contains(k), tool + ": " + path + "." + k + " is not a Gemini Schema field");
    }
    String type = schema.getString("type");
    if (schema.has("type")) assertTrue(type != null && GEMINI_TYPES.contains(type.toLowerCase()), tool + ": " + path + ".type");
    if ("object".equals(type)) {
      JsonObject props = schema.getObject("properties");
      assertTrue(props != null && !props.isEmpty(), tool + ": " + path + ": an OBJECT schema has properties");
    }
    for (JsonValue e : arr(schema, "enum")) assertNotNull(e.asString(), tool + ": " + path + ".enum holds strings");
    JsonObject props = schema.getObject("properties");
    if (props != null) {
      for (JsonValue r : arr(schema, "required")) assertTrue(props.has(r.asString()), tool + ": " + path + ".required names a property");
      for (Map.Entry<String, JsonValue> e : props.members().entrySet()) {
        geminiSchema(tool, e.getValue().asObject(), path + ".properties." + e.getKey(), false);
      }
    }
    if (schema.get("items") != null) geminiSchema(tool, schema.getObject("items"), path + ".items", false);
    for (JsonValue s : arr(schema, "anyOf")) geminiSchema(tool, s.asObject(), path + ".anyOf[]", false);
  }

  /** OpenAI's function parameters: a root object schema with properties, JSON Schema keywords, items on arrays. */
  static void openAiParameters(String tool, JsonObject schema) {
    assertNotNull(schema, tool + ": parameters");
    assertEquals("object", schema.getString("type"), tool + ": parameters is an object schema");
    assertTrue(schema.get("properties") instanceof JsonObject, tool + ": parameters has properties");
    openAiSchema(tool, schema, "parameters");
  }

  private static void openAiSchema(String tool, JsonObject schema, String path) {
    for (Map.Entry<String, JsonValue> e : schema.members().entrySet()) {
      String k = e.getKey();
      assertTrue(OPENAI_SCHEMA.contains(k), tool + ": " + path + "." + k + " is not a JSON Schema keyword OpenAI reads");
      JsonValue v = e.getValue();
      switch (k) {
        case "properties":
        case "patternProperties":
        case "$defs":
        case "definitions":
        case "dependentSchemas":
          v.asObject().members().forEach((name, sub) -> openAiSchema(tool, sub.asObject(), path + "." + k + "." + name));
          break;
        case "anyOf":
        case "oneOf":
        case "allOf":
        case "prefixItems":
          for (JsonValue s : (JsonArray) v) openAiSchema(tool, s.asObject(), path + "." + k + "[]");
          break;
        case "items":
        case "not":
        case "if":
        case "then":
        case "else":
        case "contains":
        case "propertyNames":
          openAiSchema(tool, v.asObject(), path + "." + k);
          break;
        case "additionalProperties":
          if (v instanceof JsonObject so) openAiSchema(tool, so, path + "." + k);
          break;
        default:
          break;
      }
    }
    JsonValue type = schema.get("type");
    boolean array = type != null && ("array".equals(type.asString())
        || type instanceof JsonArray types && types.items().stream().anyMatch(t -> "array".equals(t.asString())));
    if (array && !schema.has("items") && !schema.has("prefixItems")) fail(tool + ": " + path + ": array schema missing items");
  }

  /** Counts the {@code cache_control} markers anywhere in a Messages body (Anthropic allows four). */
  static int countCacheControl(JsonValue v) {
    int n = 0;
    if (v instanceof JsonObject o) {
      if (o.get("cache_control") != null) n++;
      for (JsonValue x : o.members().values()) n += countCacheControl(x);
    } else if (v instanceof JsonArray a) {
      for (JsonValue x : a) n += countCacheControl(x);
    }
    return n;
  }

  private static boolean hasType(JsonArray blocks, String type) {
    for (JsonValue b : blocks) if (type.equals(b.asObject().getString("type"))) return true;
    return false;
  }

  private static JsonArray arr(JsonObject o, String name) {
    JsonArray a = o == null ? null : o.getArray(name);
    return a == null ? new JsonArray() : a;
  }
}
