package dev.llmrouter.convert.responses;

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
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.internal.OpenAiSchema;
import dev.llmrouter.convert.internal.OpenAiUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Responses requests to and from the common model. Every input item keeps its role;
 * {@code function_call} and {@code function_call_output} items become tool calls and results;
 * {@code reasoning} items become thinking with {@code encrypted_content} as the signature.
 * {@code previous_response_id} is carried for the caller and never resolved here. Responses has
 * no {@code top_k} and no stop sequences, and stored reasoning items cannot be sent without their
 * ids, so those are not sent upstream. Stateless.
 */
final class ResponsesRequestCodec {

  private ResponsesRequestCodec() {}

  static ChatRequest decode(JsonObject body, ConvertContext ctx) {
    ctx.notes().implicitCaching();
    ChatRequest.Builder b = ChatRequest.builder().model(body.getString("model"));
    String instructions = body.getString("instructions");
    if (instructions != null && !instructions.isEmpty()) b.addSystem(ContentPart.Text.of(instructions));
    JsonValue input = body.get("input");
    List<Message> messages = new ArrayList<>();
    List<JsonObject> loadedTools = new ArrayList<>();
    if (input != null && input.asString() != null) {
      messages.add(Message.of(Role.USER, ContentPart.Text.of(input.asString())));
    } else if (input instanceof JsonArray items) {
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = Jsons.requireObject(items.get(i), "input[" + i + "]");
        ResponsesInputItems.decode(item, "input[" + i + "]", messages, ctx);
        if ("tool_search_output".equals(item.getString("type"))) {
          for (JsonValue t : Jsons.arr(item, "tools")) if (t instanceof JsonObject o) loadedTools.add(o);
        }
      }
    } else if (input != null && !input.isNull()) {
      throw badRequest("input: expected a string or an array");
    }
    // A carried call signature without a call after it has nothing to go on.
    messages.replaceAll(m -> m.content().stream().anyMatch(p -> ReasoningCarrier.isCallSignature(p) != null)
        ? new Message(m.role(), m.content().stream().filter(p -> ReasoningCarrier.isCallSignature(p) == null).toList()) : m);
    b.messages(messages);
    JsonArray tools = Jsons.arr(body, "tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonObject t = Jsons.requireObject(tools.get(i), "tools[" + i + "]");
      String type = t.getString("type", Tool.FUNCTION);
      if (type.equals(ResponsesInputItems.NAMESPACE)) {
        ResponsesInputItems.addNamespace(t, b, ctx, new HashSet<>());
      } else if (type.equals(Tool.FUNCTION)) {
        b.addTool(new Tool(t.getString("name", ""), t.getString("description"), t.get("parameters")));
      } else {
        // Other tool types keep their declaration; each upstream codec decides how to send them.
        b.addTool(new Tool(t.getString("name", type), t.getString("description"), t.get("parameters"), t));
      }
    }
    // Tools a client-side tool_search loaded become callable: they are declared like the others.
    Set<String> declared = new HashSet<>();
    for (Tool t : b.build().tools()) declared.add(t.name());
    for (JsonObject loaded : loadedTools) {
      if (ResponsesInputItems.NAMESPACE.equals(loaded.getString("type"))) {
        ResponsesInputItems.addNamespace(loaded, b, ctx, declared);
      } else if (Tool.FUNCTION.equals(loaded.getString("type", Tool.FUNCTION)) && declared.add(loaded.getString("name", ""))) {
        b.addTool(new Tool(loaded.getString("name", ""), loaded.getString("description"), loaded.get("parameters")));
      }
    }
    JsonValue choice = body.get("tool_choice");
    if (choice != null && choice.asString() != null) {
      b.toolChoice(ToolChoice.of(choice.asString().equals("required") ? ToolChoice.ANY : choice.asString()));
    } else if (choice instanceof JsonObject o && ("function".equals(o.getString("type")) || "custom".equals(o.getString("type")))) {
      b.toolChoice(ToolChoice.tool(o.getString("name", "")));
    }
    b.maxTokens(Jsons.integer(body, "max_output_tokens")).temperature(Jsons.dbl(body, "temperature"))
        .topP(Jsons.dbl(body, "top_p")).stream(body.getBoolean("stream", false))
        .user(body.getString("user") != null ? body.getString("user") : body.getString("prompt_cache_key"))
        .parallelToolCalls(body.getBoolean("parallel_tool_calls")).store(body.getBoolean("store"))
        .previousResponseId(body.getString("previous_response_id"));
    JsonObject reasoning = body.getObject("reasoning");
    if (reasoning != null) {
      String effort = reasoning.getString("effort");
      b.reasoning(new Reasoning(effort == null ? null : !effort.equals("none"), null, effort, reasoning.getString("summary"), null));
    }
    JsonObject format = Jsons.obj(body, "text").getObject("format");
    if (format != null && ("json_schema".equals(format.getString("type")) || "json_object".equals(format.getString("type")))) {
      b.responseFormat(format);
    }
    JsonObject metadata = body.getObject("metadata");
    if (metadata != null) metadata.members().forEach((k, v) -> { if (v.asString() != null) b.putMetadata(k, v.asString()); });
    return b.build();
  }

  static JsonObject encode(ChatRequest r, ConvertContext ctx) {
    JsonObject out = new JsonObject().put("model", ctx.upstreamModel() != null ? ctx.upstreamModel() : r.model());
    String system = r.systemText();
    if (system != null) out.put("instructions", system);
    // Freeform tools go as they are unless the channel says its upstream drops them; hosted tools
    // keep their declaration; other client tools become functions.
    List<Tool> natives = new ArrayList<>();
    List<Tool> functions = ToolShapes.functions(r.tools(), ctx,
        t -> t.type().equals(Tool.CUSTOM) ? ctx.nativeCustomTools() : !t.clientExecuted(), natives);
    Set<String> nativeCustom = new HashSet<>();
    for (Tool t : natives) if (t.type().equals(Tool.CUSTOM)) nativeCustom.add(t.name());
    JsonArray input = new JsonArray();
    Set<String> customCalls = new HashSet<>();
    for (Message m : r.messages()) {
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.ToolCall c && nativeCustom.contains(c.name())) customCalls.add(c.id());
      }
    }
    for (Message m : r.messages()) encodeMessage(m, input, customCalls);
    out.put("input", input);
    Jsons.put(out, "max_output_tokens", r.maxTokens());
    Jsons.put(out, "temperature", r.temperature());
    Jsons.put(out, "top_p", r.topP());
    if (!functions.isEmpty() || !natives.isEmpty()) {
      JsonArray tools = new JsonArray();
      for (Tool t : natives) tools.add(t.declaration().copy());
      for (Tool t : functions) {
        JsonObject tool = new JsonObject().put("type", "function").put("name", t.name());
        if (t.description() != null) tool.put("description", t.description());
        // Responses function tools are strict unless told otherwise, and a client's schema is
        // rarely written for strict mode (every property required, no additional properties).
        tool.put("parameters", OpenAiSchema.functionParameters(t.parameters())).put("strict", false);
        tools.add(tool);
      }
      out.put("tools", tools);
    }
    ToolChoice c = r.toolChoice();
    if (c != null) {
      if (c.type().equals(ToolChoice.TOOL)) out.put("tool_choice", new JsonObject().put("type", "function").put("name", c.name()));
      else out.put("tool_choice", c.type().equals(ToolChoice.ANY) ? "required" : c.type());
    }
    if (Boolean.FALSE.equals(r.parallelToolCalls()) || (c != null && Boolean.TRUE.equals(c.disableParallel()))) {
      out.put("parallel_tool_calls", false);
    } else if (r.parallelToolCalls() != null) {
      out.put("parallel_tool_calls", r.parallelToolCalls());
    }
    Reasoning reasoning = r.reasoning();
    // Reasoning turned off without a level leaves the model's default.
    if (reasoning != null && !(Boolean.FALSE.equals(reasoning.enabled()) && reasoning.effort() == null)) {
      JsonObject ro = new JsonObject();
      if (reasoning.effort() != null) ro.put("effort", reasoning.effort());
      else if (reasoning.budgetTokens() != null) ro.put("effort", Reasoning.effortFor(reasoning.budgetTokens()));
      if (reasoning.summary() != null) ro.put("summary", reasoning.summary());
      else if (!Boolean.FALSE.equals(reasoning.enabled())) ro.put("summary", "auto");
      out.put("reasoning", ro);
    }
    if (r.user() != null) out.put("user", OpenAiUser.of(r.user()));
    if (r.responseFormat() != null) out.put("text", new JsonObject().put("format", r.responseFormat().copy()));
    if (!r.metadata().isEmpty()) {
      JsonObject md = new JsonObject();
      r.metadata().forEach(md::put);
      out.put("metadata", md);
    }
    out.put("store", r.store() != null ? r.store() : Boolean.FALSE);
    if (r.previousResponseId() != null) out.put("previous_response_id", r.previousResponseId());
    if (ctx.stream()) out.put("stream", true);
    return out;
  }

  private static void encodeMessage(Message m, JsonArray input, Set<String> customCalls) {
    boolean assistant = m.role().equals(Role.ASSISTANT);
    JsonArray content = new JsonArray();
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.ToolCall c) {
        flush(m, content, input);
        if (customCalls.contains(c.id())) {
          input.add(new JsonObject().put("type", "custom_tool_call").put("call_id", c.id()).put("name", c.name())
              .put("input", ToolShapes.unwrapInput(c.arguments())));
          continue;
        }
        input.add(new JsonObject().put("type", "function_call").put("call_id", c.id()).put("name", c.name())
            .put("arguments", c.arguments().isEmpty() ? "{}" : c.arguments()));
      } else if (p instanceof ContentPart.ToolResult r) {
        flush(m, content, input);
        JsonObject item = new JsonObject().put("type", customCalls.contains(r.toolCallId()) ? "custom_tool_call_output"
            : "function_call_output").put("call_id", r.toolCallId());
        boolean textOnly = r.content().stream().allMatch(x -> x instanceof ContentPart.Text);
        if (textOnly) {
          item.put("output", r.text());
        } else {
          JsonArray parts = new JsonArray();
          for (ContentPart x : r.content()) {
            JsonObject part = part(x, false);
            if (part != null) parts.add(part);
          }
          item.put("output", parts);
        }
        input.add(item);
      } else {
        JsonObject part = part(p, assistant);
        if (part != null) content.add(part);
      }
    }
    flush(m, content, input);
  }

  private static void flush(Message m, JsonArray content, JsonArray input) {
    if (content.isEmpty()) return;
    String role = m.role().equals(Role.TOOL) || !m.role().isKnown() ? "user" : m.role().value();
    input.add(new JsonObject().put("type", "message").put("role", role).put("content", new JsonArray(content.items())));
    content.items().clear();
  }

  private static JsonObject part(ContentPart p, boolean assistant) {
    if (p instanceof ContentPart.Text t) {
      return new JsonObject().put("type", assistant ? "output_text" : "input_text").put("text", t.text());
    }
    if (p instanceof ContentPart.Image img) {
      String url = img.url() != null ? img.url() : Jsons.toDataUrl(img.mediaType(), img.data());
      return new JsonObject().put("type", "input_image").put("image_url", url);
    }
    if (p instanceof ContentPart.Document d) {
      if (d.text() != null) return new JsonObject().put("type", "input_text").put("text", d.text());
      JsonObject f = new JsonObject().put("type", "input_file");
      if (d.url() != null) return f.put("file_url", d.url());
      return f.put("filename", d.title() != null ? d.title() : "document").put("file_data", Jsons.toDataUrl(d.mediaType(), d.data()));
    }
    return null;
  }
}
