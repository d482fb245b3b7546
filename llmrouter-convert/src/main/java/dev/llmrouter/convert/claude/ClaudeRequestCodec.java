package dev.llmrouter.convert.claude;

import static dev.llmrouter.convert.internal.Jsons.badRequest;

import dev.llmrouter.api.convert.ConvertContext;
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
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages requests to and from the common model. Stateless. */
final class ClaudeRequestCodec {
  /** max_tokens sent when the client gave none: Anthropic requires the field. */
  static final int DEFAULT_MAX_TOKENS = 8192;
  private static final int MIN_THINKING_BUDGET = 1024;
  /** OpenAI's hosted web search ({@code web_search}, {@code web_search_preview}...). */
  private static final String WEB_SEARCH = "web_search";
  /** Anthropic's web search server tool ({@code web_search_20250305} and later versions). */
  private static final String ANTHROPIC_WEB_SEARCH = "web_search_";
  /** The tool a Claude upstream is made to call with a structured answer. */
  static final String ANSWER_TOOL = "structured_output";

  private ClaudeRequestCodec() {}

  static ChatRequest decode(JsonObject body, ConvertContext ctx) {
    ChatRequest.Builder b = ChatRequest.builder().model(body.getString("model"));
    JsonArray tools = Jsons.arr(body, "tools");
    ClaudeToolReferences refs = new ClaudeToolReferences(tools);
    JsonValue system = body.get("system");
    if (system != null && !system.isNull()) {
      for (ContentPart p : ClaudeBlocks.decodeContent(system, "system", true, null)) b.addSystem(p);
    }
    JsonArray messages = body.getArray("messages");
    if (messages == null) throw badRequest("messages: expected an array");
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = Jsons.requireObject(messages.get(i), "messages[" + i + "]");
      String role = m.getString("role");
      if (role == null) throw badRequest("messages[" + i + "].role: missing");
      b.addMessage(new Message(Role.of(role),
          ClaudeBlocks.decodeContent(m.get("content"), "messages[" + i + "].content", true, refs)));
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonObject t = Jsons.requireObject(tools.get(i), "tools[" + i + "]");
      String type = t.getString("type");
      if (type != null && type.startsWith(ANTHROPIC_WEB_SEARCH) && !t.has("input_schema")) {
        b.addTool(webSearchTool(t, "tools[" + i + "]", ctx));
        continue;
      }
      if (type != null && !type.equals("custom") && !t.has("input_schema")) {
        throw badRequest("tools[" + i + "]: server tool '" + type + "' cannot be sent to this channel");
      }
      // A deferred tool no reference has loaded is not shown to the model, as Anthropic does.
      if (refs.withheld(t)) continue;
      b.addTool(new Tool(t.getString("name", ""), t.getString("description"), t.get("input_schema")));
    }
    JsonObject choice = body.getObject("tool_choice");
    if (choice != null) {
      String type = choice.getString("type", ToolChoice.AUTO);
      b.toolChoice(new ToolChoice(type, choice.getString("name"), choice.getBoolean("disable_parallel_tool_use")));
    }
    b.maxTokens(Jsons.integer(body, "max_tokens"))
        .temperature(Jsons.dbl(body, "temperature"))
        .topP(Jsons.dbl(body, "top_p"))
        .topK(Jsons.integer(body, "top_k"))
        .stream(body.getBoolean("stream", false));
    for (JsonValue s : Jsons.arr(body, "stop_sequences")) {
      if (s.asString() != null) b.addStopSequence(s.asString());
    }
    JsonObject metadata = body.getObject("metadata");
    if (metadata != null) b.user(metadata.getString("user_id"));
    b.responseFormat(responseFormat(body));
    JsonObject thinking = body.getObject("thinking");
    if (thinking != null) {
      String type = thinking.getString("type", "enabled");
      // Adaptive thinking has no budget; its depth is output_config.effort (Claude Code sends both).
      String effort = effortLevel(Jsons.obj(body, "output_config").getString("effort"));
      b.reasoning(new Reasoning(!type.equals("disabled"), Jsons.integer(thinking, "budget_tokens"),
          type.equals("disabled") ? null : effort, null, null));
    }
    return b.build();
  }

  /**
   * Anthropic's structured output ({@code output_config.format}, or the beta's top-level
   * {@code output_format}: {@code {"type": "json_schema", "schema": ...}}) as a Responses
   * {@code text.format}; null when there is none.
   */
  private static JsonObject responseFormat(JsonObject body) {
    JsonObject format = Jsons.obj(body, "output_config").getObject("format");
    if (format == null) format = body.getObject("output_format");
    if (format == null || !"json_schema".equals(format.getString("type"))) return null;
    JsonValue schema = format.get("schema");
    if (!(schema instanceof JsonObject)) return new JsonObject().put("type", "json_object");
    return new JsonObject().put("type", "json_schema").put("name", "response").put("schema", schema.copy());
  }

  /**
   * Anthropic's web search server tool (Claude Code's WebSearch asks for it in a request of its own)
   * as the hosted web search of the common model, declared as OpenAI's {@code web_search}:
   * {@code allowed_domains} and {@code user_location} carried over; {@code blocked_domains} has no
   * counterpart there and is left out (named), {@code max_uses} is a limit of Anthropic's own.
   */
  private static Tool webSearchTool(JsonObject t, String path, ConvertContext ctx) {
    JsonObject declaration = new JsonObject().put("type", WEB_SEARCH);
    JsonArray allowed = t.getArray("allowed_domains");
    if (allowed != null && !allowed.isEmpty()) {
      declaration.put("filters", new JsonObject().put("allowed_domains", allowed.copy()));
    }
    JsonArray blocked = t.getArray("blocked_domains");
    if (blocked != null && !blocked.isEmpty()) ToolShapes.unsupported(ctx, path + ".blocked_domains", "blocked domains");
    JsonObject location = t.getObject("user_location");
    if (location != null) declaration.put("user_location", approximateLocation(location));
    return new Tool(WEB_SEARCH, null, null, declaration);
  }

  /** Anthropic's effort levels as the common ones: {@code xhigh} and {@code max} are the highest, {@code high}. */
  private static String effortLevel(String effort) {
    if (effort == null) return null;
    switch (effort) {
      case "low":
      case "medium":
      case "high":
        return effort;
      case "xhigh":
      case "max":
        return "high";
      default:
        return null;
    }
  }

  static JsonObject encode(ChatRequest r, ConvertContext ctx) {
    JsonObject out = new JsonObject();
    out.put("model", ctx.upstreamModel() != null ? ctx.upstreamModel() : r.model());
    // Without a client limit, thinking gets its budget on top of the default answer room
    // (max_tokens counts thinking too).
    int maxTokens = r.maxTokens() != null ? r.maxTokens() : DEFAULT_MAX_TOKENS + wantedBudget(r);
    out.put("max_tokens", maxTokens);

    List<ContentPart> system = new ArrayList<>(r.system());
    for (Message m : r.messages()) {
      if (m.role().isInstruction()) system.addAll(textOnly(m.content()));
    }
    if (!system.isEmpty()) {
      if (system.size() == 1) {
        out.put("system", ((ContentPart.Text) system.get(0)).text());
      } else {
        JsonArray blocks = new JsonArray();
        for (ContentPart p : system) blocks.add(ClaudeBlocks.encode(p));
        out.put("system", blocks);
      }
    }
    out.put("messages", encodeMessages(r.messages()));

    List<Tool> natives = new ArrayList<>();
    List<Tool> functions = ToolShapes.functions(r.tools(), ctx, t -> t.type().startsWith(WEB_SEARCH), natives);
    if (!functions.isEmpty() || !natives.isEmpty()) {
      JsonArray tools = new JsonArray();
      for (Tool t : natives) tools.add(webSearch(t.declaration()));
      for (Tool t : functions) {
        JsonObject tool = new JsonObject().put("name", t.name());
        if (t.description() != null) tool.put("description", t.description());
        tool.put("input_schema", t.parameters() != null ? t.parameters().copy()
            : new JsonObject().put("type", "object").put("properties", new JsonObject()));
        tools.add(tool);
      }
      out.put("tools", tools);
    }
    JsonObject choice = encodeToolChoice(r);
    if (r.responseFormat() != null) choice = answerTool(r, out, choice, ctx);
    if (choice != null) out.put("tool_choice", choice);
    Jsons.put(out, "temperature", r.temperature());
    Jsons.put(out, "top_p", r.topP());
    Jsons.put(out, "top_k", r.topK());
    if (!r.stopSequences().isEmpty()) out.put("stop_sequences", Jsons.strings(r.stopSequences()));
    if (ctx.stream()) out.put("stream", true);
    if (r.user() != null) out.put("metadata", new JsonObject().put("user_id", r.user()));
    JsonObject thinking = encodeThinking(r, maxTokens);
    // Anthropic refuses a forced tool with thinking on: the structured answer wins.
    if (thinking != null && ctx.notes().answerTool() != null && "enabled".equals(thinking.getString("type"))) {
      ctx.notes().dropped("reasoning (a forced answer tool cannot think)");
      thinking = null;
    }
    if (thinking != null && "enabled".equals(thinking.getString("type"))) {
      thinking = fitThinking(out, thinking);
    }
    if (thinking != null) out.put("thinking", thinking);
    if (ctx.notes().wantsCaching()) ClaudeCacheBreakpoints.add(out);
    return out;
  }

  /**
   * Structured output as a tool the model must call with the answer: the only tool it may call
   * when the client gave no tools, else one it may call among them ({@code any}). The call goes
   * back to the client as the answer's text.
   */
  private static JsonObject answerTool(ChatRequest r, JsonObject out, JsonObject choice, ConvertContext ctx) {
    JsonObject format = r.responseFormat();
    JsonValue schema = format.get("schema");
    String name = ANSWER_TOOL;
    JsonObject tool = new JsonObject().put("name", name).put("description",
        "Give your final answer by calling this tool with the answer as its input."
        + (format.getString("description") != null ? " " + format.getString("description") : ""));
    tool.put("input_schema", schema instanceof JsonObject so ? so.copy() : new JsonObject().put("type", "object"));
    JsonArray tools = out.getArray("tools");
    if (tools == null) {
      tools = new JsonArray();
      out.put("tools", tools);
    }
    boolean alone = tools.isEmpty();
    tools.add(tool);
    ctx.notes().answerTool(name);
    if (choice != null && !ToolChoice.AUTO.equals(choice.getString("type"))) return choice;
    JsonObject forced = alone ? new JsonObject().put("type", "tool").put("name", name) : new JsonObject().put("type", "any");
    if (choice != null && choice.getBoolean("disable_parallel_tool_use") != null) forced.put("disable_parallel_tool_use", true);
    return forced;
  }

  /**
   * Anthropic's web search server tool for an OpenAI {@code web_search} tool; the allowed domains
   * and the user location carry over.
   */
  private static JsonObject webSearch(JsonObject openai) {
    JsonObject tool = new JsonObject().put("type", "web_search_20250305").put("name", "web_search");
    JsonArray domains = Jsons.obj(openai, "filters").getArray("allowed_domains");
    if (domains != null && !domains.isEmpty()) tool.put("allowed_domains", domains.copy());
    JsonObject location = openai.getObject("user_location");
    if (location != null) tool.put("user_location", approximateLocation(location));
    return tool;
  }

  /** A web search's user location as both vendors write it: approximate, with its city, region, country and time zone. */
  private static JsonObject approximateLocation(JsonObject location) {
    JsonObject loc = new JsonObject().put("type", "approximate");
    for (String k : new String[] {"city", "region", "country", "timezone"}) {
      if (location.getString(k) != null) loc.put(k, location.getString(k));
    }
    return loc;
  }

  /**
   * Makes a request with thinking enabled one that Anthropic accepts, or leaves thinking out:
   * thinking allows no {@code top_k} and a {@code top_p} only from 0.95 to 1 (Gemini clients send
   * both), and a tool-use turn that ends the conversation must start with its thinking block
   * (Anthropic refuses one whose thinking was stripped; reasoning the client could not keep is then
   * answered without thinking rather than refused).
   *
   * @return the thinking to send, or null to leave it out
   */
  private static JsonObject fitThinking(JsonObject out, JsonObject thinking) {
    JsonObject lastAssistant = null;
    for (JsonValue m : out.getArray("messages")) {
      if ("assistant".equals(((JsonObject) m).getString("role"))) lastAssistant = (JsonObject) m;
    }
    if (lastAssistant != null && lastAssistant.get("content") instanceof JsonArray blocks && !blocks.isEmpty()) {
      boolean toolUse = false;
      for (JsonValue b : blocks) toolUse |= "tool_use".equals(((JsonObject) b).getString("type"));
      String first = ((JsonObject) blocks.get(0)).getString("type");
      if (toolUse && !"thinking".equals(first) && !"redacted_thinking".equals(first)) return null;
    }
    out.remove("top_k");
    Double topP = Jsons.dbl(out, "top_p");
    if (topP != null && topP < 0.95) out.put("top_p", dev.llmrouter.api.json.JsonNumber.of(0.95));
    return thinking;
  }

  private static List<ContentPart> textOnly(List<ContentPart> parts) {
    List<ContentPart> out = new ArrayList<>();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Text t) out.add(ContentPart.Text.of(t.text()));
    }
    return out;
  }

  /** Anthropic roles; consecutive turns of one role are merged, tool results first in a user turn. */
  private static JsonArray encodeMessages(List<Message> messages) {
    List<String> roles = new ArrayList<>();
    List<List<ContentPart>> contents = new ArrayList<>();
    for (Message m : messages) {
      if (m.role().isInstruction()) continue;
      String role = m.role().equals(Role.ASSISTANT) ? "assistant" : "user";
      List<ContentPart> parts = new ArrayList<>();
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.Text t && t.text().isEmpty()) continue;
        // Anthropic rejects thinking without a signature (for example Chat reasoning_content).
        if (p instanceof ContentPart.Thinking th && (th.signature() == null || th.signature().isEmpty())) continue;
        parts.add(p);
      }
      if (parts.isEmpty()) continue;
      int last = roles.size() - 1;
      if (last >= 0 && roles.get(last).equals(role)) {
        contents.get(last).addAll(parts);
      } else {
        roles.add(role);
        contents.add(parts);
      }
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < roles.size(); i++) {
      List<ContentPart> parts = contents.get(i);
      if (roles.get(i).equals("user")) {
        List<ContentPart> ordered = new ArrayList<>();
        for (ContentPart p : parts) if (p instanceof ContentPart.ToolResult) ordered.add(p);
        for (ContentPart p : parts) if (!(p instanceof ContentPart.ToolResult)) ordered.add(p);
        parts = ordered;
      }
      JsonObject msg = new JsonObject().put("role", roles.get(i));
      if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
        msg.put("content", t.text());
      } else {
        JsonArray blocks = new JsonArray();
        for (ContentPart p : parts) {
          JsonObject block = ClaudeBlocks.encode(p);
          if (block != null) blocks.add(block);
        }
        msg.put("content", blocks);
      }
      out.add(msg);
    }
    return out;
  }

  private static JsonObject encodeToolChoice(ChatRequest r) {
    ToolChoice c = r.toolChoice();
    boolean noParallel = Boolean.FALSE.equals(r.parallelToolCalls())
        || (c != null && Boolean.TRUE.equals(c.disableParallel()));
    if (c == null && !noParallel) return null;
    if (c == null && r.tools().isEmpty()) return null;
    JsonObject out = new JsonObject().put("type", c == null ? ToolChoice.AUTO : c.type());
    if (c != null && c.name() != null) out.put("name", c.name());
    if (noParallel && (c == null || !ToolChoice.NONE.equals(c.type()))) out.put("disable_parallel_tool_use", true);
    return out;
  }

  /** The thinking budget the client's settings ask for, or 0 when thinking stays off. */
  private static int wantedBudget(ChatRequest r) {
    Reasoning reasoning = r.reasoning();
    if (reasoning == null || Boolean.FALSE.equals(reasoning.enabled()) || "none".equals(reasoning.effort())) return 0;
    if (r.temperature() != null && r.temperature() != 1.0) return 0;
    int budget = reasoning.budgetTokens() != null ? reasoning.budgetTokens() : Reasoning.budgetFor(reasoning.effort());
    return budget < MIN_THINKING_BUDGET ? 0 : budget;
  }

  /** Budgets must be at least 1024 and below max_tokens; Anthropic refuses thinking with a non-1 temperature. */
  private static JsonObject encodeThinking(ChatRequest r, int maxTokens) {
    Reasoning reasoning = r.reasoning();
    if (reasoning == null) return null;
    if (Boolean.FALSE.equals(reasoning.enabled()) || "none".equals(reasoning.effort())) {
      return new JsonObject().put("type", "disabled");
    }
    if (r.temperature() != null && r.temperature() != 1.0) return null;
    int budget = reasoning.budgetTokens() != null ? reasoning.budgetTokens() : Reasoning.budgetFor(reasoning.effort());
    budget = Math.min(budget, maxTokens - 1);
    if (budget < MIN_THINKING_BUDGET) return null;
    return new JsonObject().put("type", "enabled").put("budget_tokens", budget);
  }
}
