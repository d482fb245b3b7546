package dev.llmrouter.convert.gemini;

import static dev.llmrouter.convert.internal.Jsons.badRequest;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Reasoning;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.ToolShapes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini generateContent requests to and from the common model. Gemini has no tool-call ids: on the
 * way in each {@code functionCall} gets its own id (or keeps the optional {@code id}) and each
 * {@code functionResponse} takes the id of the earliest unanswered call of the same name; on the
 * way out a result's function name is found from the call with the same id earlier in the request.
 * Reasoning that {@link ThoughtCarry} packed into a call's signature comes back as the thinking
 * blocks that open the turn.
 * The model and the stream flag go in the URL, so the body has neither. Stateless.
 */
final class GeminiRequestCodec {
  /** The largest thinking budget every Gemini 2.5 model accepts (Flash: 24576, Pro: 32768). */
  static final int MAX_THINKING_BUDGET = 24576;

  private GeminiRequestCodec() {}

  static ChatRequest decode(JsonObject body, ConvertContext ctx) {
    ChatRequest.Builder b = ChatRequest.builder().model(ctx.clientModel()).stream(ctx.stream());
    JsonObject system = body.getObject("systemInstruction");
    if (system != null) {
      for (JsonValue p : Jsons.arr(system, "parts")) {
        if (p instanceof JsonObject part && part.getString("text") != null) b.addSystem(ContentPart.Text.of(part.getString("text")));
      }
    }
    JsonArray contents = body.getArray("contents");
    if (contents == null) throw badRequest("contents: expected an array");
    Map<String, Deque<String>> unanswered = new HashMap<>();
    java.util.Set<String> callIds = new java.util.HashSet<>();
    for (int i = 0; i < contents.size(); i++) {
      String path = "contents[" + i + "]";
      JsonObject content = Jsons.requireObject(contents.get(i), path);
      Role role = "model".equals(content.getString("role")) ? Role.ASSISTANT : Role.USER;
      List<ContentPart> parts = new ArrayList<>();
      List<ContentPart> carried = new ArrayList<>();
      JsonArray ps = Jsons.arr(content, "parts");
      for (int j = 0; j < ps.size(); j++) {
        JsonObject part = Jsons.requireObject(ps.get(j), path + ".parts[" + j + "]");
        JsonObject call = part.getObject("functionCall");
        JsonObject response = part.getObject("functionResponse");
        if (call != null) {
          String name = call.getString("name", "");
          String id = call.getString("id");
          if (id == null || id.isEmpty()) id = "call_" + ctx.ids().get();
          unanswered.computeIfAbsent(name, k -> new ArrayDeque<>()).add(id);
          callIds.add(id);
          JsonValue args = call.get("args");
          String sig = GeminiParts.signature(part);
          List<ContentPart> reasoning = ThoughtCarry.unpack(sig);
          if (reasoning != null) {
            carried.addAll(reasoning);
            sig = null;
          }
          parts.add(new ContentPart.ToolCall(id, name, args == null ? "{}" : Json.writeString(args), sig));
        } else if (response != null) {
          String name = response.getString("name", "");
          Deque<String> queue = unanswered.computeIfAbsent(name, k -> new ArrayDeque<>());
          String id = response.getString("id");
          if (id != null && !id.isEmpty() && (queue.remove(id) || callIds.contains(id))) {
            // answers the call with that id
          } else {
            // No id, or one that no call has (the client made it up for a call that came without
            // one): the earliest unanswered call of that name.
            id = queue.isEmpty() ? (id != null && !id.isEmpty() ? id : "call_" + ctx.ids().get()) : queue.poll();
          }
          JsonValue r = response.get("response");
          parts.add(new ContentPart.ToolResult(id, name, GeminiParts.resultContent(r), GeminiParts.resultIsError(r)));
        } else {
          parts.add(GeminiParts.decodeSimple(part, path + ".parts[" + j + "]", true));
        }
      }
      // Reasoning carried in a call's signature opens the turn, as it did in the answer. It is the
      // whole of the turn's reasoning: thought parts that a client kept (streamed in pieces, the
      // signature apart from the text) would only repeat it, unusably.
      if (!carried.isEmpty()) {
        parts.removeIf(p -> p instanceof ContentPart.Thinking || p instanceof ContentPart.RedactedThinking);
        parts.addAll(0, carried);
      }
      b.addMessage(new Message(role, parts));
    }
    JsonArray tools = Jsons.arr(body, "tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonObject tool = Jsons.requireObject(tools.get(i), "tools[" + i + "]");
      JsonArray decls = tool.getArray("functionDeclarations");
      boolean search = tool.has("googleSearch") || tool.has("google_search") || tool.has("googleSearchRetrieval");
      if (decls == null && !search) {
        throw badRequest("tools[" + i + "]: only functionDeclarations and googleSearch can be sent to this channel");
      }
      // Google Search is the hosted web search other vendors have too (the Gemini CLI's
      // google_web_search tool asks for it in a request of its own): each upstream codec sends it
      // as its own (OpenAI's web_search, Anthropic's web search server tool) or leaves it out.
      if (search) b.addTool(new Tool("web_search", null, null, new JsonObject().put("type", "web_search")));
      for (int j = 0; decls != null && j < decls.size(); j++) {
        JsonObject d = Jsons.requireObject(decls.get(j), "tools[" + i + "].functionDeclarations[" + j + "]");
        // parametersJsonSchema is JSON Schema already; parameters is Gemini's OpenAPI form.
        JsonValue params = d.get("parametersJsonSchema") != null ? d.get("parametersJsonSchema")
            : GeminiJsonSchema.of(d.get("parameters"));
        b.addTool(new Tool(d.getString("name", ""), d.getString("description"), params));
      }
    }
    JsonObject fcc = Jsons.obj(body.getObject("toolConfig"), "functionCallingConfig");
    String mode = fcc.getString("mode");
    if (mode != null) {
      JsonArray allowed = Jsons.arr(fcc, "allowedFunctionNames");
      if ((mode.equals("ANY") || mode.equals("VALIDATED")) && allowed.size() == 1 && allowed.get(0).asString() != null) {
        b.toolChoice(ToolChoice.tool(allowed.get(0).asString()));
      } else {
        b.toolChoice(ToolChoice.of(mode.equals("ANY") ? ToolChoice.ANY : mode.equals("NONE") ? ToolChoice.NONE : ToolChoice.AUTO));
      }
    }
    JsonObject gen = Jsons.obj(body, "generationConfig");
    b.temperature(Jsons.dbl(gen, "temperature")).topP(Jsons.dbl(gen, "topP")).topK(Jsons.integer(gen, "topK"))
        .maxTokens(Jsons.integer(gen, "maxOutputTokens"));
    for (JsonValue s : Jsons.arr(gen, "stopSequences")) if (s.asString() != null) b.addStopSequence(s.asString());
    b.responseFormat(responseFormat(gen));
    JsonObject thinking = gen.getObject("thinkingConfig");
    if (thinking != null) {
      Integer budget = Jsons.integer(thinking, "thinkingBudget");
      Boolean enabled = budget == null ? null : budget != 0;
      b.reasoning(new Reasoning(enabled, budget != null && budget > 0 ? budget : null,
          thinking.getString("thinkingLevel"), null, thinking.getBoolean("includeThoughts")));
    }
    return b.build();
  }

  /**
   * Structured output ({@code responseMimeType: application/json}, with {@code responseJsonSchema} or
   * {@code responseSchema}, as the Gemini CLI's JSON-only calls send it) as a Responses
   * {@code text.format}; null when the answer is not asked as JSON.
   */
  private static JsonObject responseFormat(JsonObject gen) {
    if (!"application/json".equals(gen.getString("responseMimeType"))) return null;
    JsonValue schema = gen.get("responseJsonSchema") != null ? gen.get("responseJsonSchema").copy()
        : GeminiJsonSchema.of(gen.get("responseSchema"));
    if (!(schema instanceof JsonObject)) return new JsonObject().put("type", "json_object");
    return new JsonObject().put("type", "json_schema").put("name", "response").put("schema", schema);
  }

  static JsonObject encode(ChatRequest r, ConvertContext ctx) {
    JsonObject out = new JsonObject();
    Map<String, String> names = new HashMap<>();
    for (Message m : r.messages()) {
      for (ContentPart p : m.content()) if (p instanceof ContentPart.ToolCall c) names.put(c.id(), c.name());
    }
    List<String> system = new ArrayList<>();
    if (r.systemText() != null) system.add(r.systemText());
    JsonArray contents = new JsonArray();
    for (Message m : r.messages()) {
      if (m.role().isInstruction()) {
        for (ContentPart p : m.content()) if (p instanceof ContentPart.Text t) system.add(t.text());
        continue;
      }
      String role = m.role().equals(Role.ASSISTANT) ? "model" : "user";
      JsonArray parts = new JsonArray();
      for (ContentPart p : m.content()) encodePart(p, names, ctx, parts);
      if (parts.isEmpty()) continue;
      JsonObject last = contents.isEmpty() ? null : (JsonObject) contents.get(contents.size() - 1);
      if (last != null && role.equals(last.getString("role"))) {
        last.getArray("parts").items().addAll(parts.items());
      } else {
        contents.add(new JsonObject().put("role", role).put("parts", parts));
      }
    }
    out.put("contents", contents);
    if (!system.isEmpty()) {
      JsonArray parts = new JsonArray();
      for (String s : system) parts.add(new JsonObject().put("text", s));
      out.put("systemInstruction", new JsonObject().put("parts", parts));
    }
    List<Tool> natives = new ArrayList<>();
    // Google Search goes only into a request without functions: Gemini 2.x refuses the two together.
    boolean onlySearch = r.tools().stream().allMatch(t -> t.type().startsWith("web_search"));
    List<Tool> functions = ToolShapes.functions(r.tools(), ctx, t -> onlySearch, natives);
    if (!natives.isEmpty()) out.put("tools", JsonArray.of(new JsonObject().put("googleSearch", new JsonObject())));
    if (!functions.isEmpty()) {
      JsonArray decls = new JsonArray();
      for (Tool t : functions) {
        JsonObject d = new JsonObject().put("name", t.name());
        if (t.description() != null) d.put("description", t.description());
        JsonValue params = GeminiSchema.clean(t.parameters());
        // Gemini refuses an OBJECT schema without properties: a tool without parameters has none.
        if (params instanceof JsonObject po && !(po.getObject("properties") == null || po.getObject("properties").isEmpty())) {
          d.put("parameters", params);
        }
        decls.add(d);
      }
      out.put("tools", JsonArray.of(new JsonObject().put("functionDeclarations", decls)));
    }
    ToolChoice c = r.toolChoice();
    if (c != null) {
      JsonObject fcc = new JsonObject();
      switch (c.type()) {
        case ToolChoice.ANY: fcc.put("mode", "ANY"); break;
        case ToolChoice.NONE: fcc.put("mode", "NONE"); break;
        case ToolChoice.TOOL: fcc.put("mode", "ANY").put("allowedFunctionNames", JsonArray.of().add(c.name())); break;
        default: fcc.put("mode", "AUTO"); break;
      }
      out.put("toolConfig", new JsonObject().put("functionCallingConfig", fcc));
    }
    JsonObject gen = new JsonObject();
    Jsons.put(gen, "temperature", r.temperature());
    Jsons.put(gen, "topP", r.topP());
    Jsons.put(gen, "topK", r.topK());
    Jsons.put(gen, "maxOutputTokens", r.maxTokens());
    if (!r.stopSequences().isEmpty()) gen.put("stopSequences", Jsons.strings(r.stopSequences()));
    if (r.responseFormat() != null) {
      gen.put("responseMimeType", "application/json");
      JsonValue schema = GeminiSchema.clean(r.responseFormat().get("schema"));
      if (schema != null) gen.put("responseSchema", schema);
    }
    Reasoning reasoning = r.reasoning();
    if (reasoning != null) {
      JsonObject tc = new JsonObject();
      if (Boolean.FALSE.equals(reasoning.enabled())) {
        tc.put("thinkingBudget", 0);
      } else {
        if (reasoning.budgetTokens() != null) tc.put("thinkingBudget", Math.min(reasoning.budgetTokens(), MAX_THINKING_BUDGET));
        else if (reasoning.effort() != null) tc.put("thinkingBudget", Math.min(Reasoning.budgetFor(reasoning.effort()), MAX_THINKING_BUDGET));
        tc.put("includeThoughts", reasoning.includeThoughts() == null || reasoning.includeThoughts());
      }
      gen.put("thinkingConfig", tc);
    }
    if (!gen.isEmpty()) out.put("generationConfig", gen);
    return out;
  }

  private static void encodePart(ContentPart p, Map<String, String> names, ConvertContext ctx, JsonArray parts) {
    if (p instanceof ContentPart.ToolCall c) {
      JsonObject part = new JsonObject().put("functionCall",
          new JsonObject().put("name", c.name()).put("args", Jsons.argumentsObject(c.arguments())));
      String sig = c.signature();
      if (sig == null && ctx.injectDummyThoughtSignature()) sig = GeminiParts.DUMMY_SIGNATURE;
      if (sig != null && !ctx.stripThoughtSignature()) part.put("thoughtSignature", sig);
      parts.add(part);
    } else if (p instanceof ContentPart.ToolResult r) {
      String name = r.name() != null ? r.name() : names.get(r.toolCallId());
      if (name == null) throw badRequest("tool result '" + r.toolCallId() + "' has no matching tool call in this request");
      parts.add(new JsonObject().put("functionResponse",
          new JsonObject().put("name", name).put("response", GeminiParts.resultObject(r))));
      for (ContentPart media : r.content()) {
        if (!(media instanceof ContentPart.Text)) encodePart(media, names, ctx, parts);
      }
    } else {
      JsonObject part = GeminiParts.encodeSimple(p);
      if (part == null) return;
      if (p instanceof ContentPart.Text t && t.text().isEmpty() && t.signature() == null) return;
      if (ctx.stripThoughtSignature()) part.remove("thoughtSignature");
      parts.add(part);
    }
  }
}
