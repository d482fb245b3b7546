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
import dev.llmrouter.api.json.Json;
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
  /** How OpenAI's encrypted reasoning starts: a Fernet token's version byte in base64. */
  private static final String OPENAI_ENCRYPTED = "gAAAAA";
  /** A group of functions (Codex's MCP servers) that the Responses API names together. */
  private static final String NAMESPACE = "namespace";

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
        decodeItem(item, "input[" + i + "]", messages, ctx);
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
      if (type.equals(NAMESPACE)) {
        addNamespace(t, b, ctx, new HashSet<>());
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
      if (NAMESPACE.equals(loaded.getString("type"))) {
        addNamespace(loaded, b, ctx, declared);
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

  private static void decodeItem(JsonObject item, String path, List<Message> messages, ConvertContext ctx) {
    String type = item.getString("type", item.has("role") ? "message" : "");
    switch (type) {
      case "message": {
        String role = item.getString("role", "user");
        messages.add(new Message(Role.of(role), decodeContent(item.get("content"), path + ".content", ctx)));
        return;
      }
      case "function_call":
        appendTo(messages, Role.ASSISTANT, new ContentPart.ToolCall(item.getString("call_id", ""),
            flatName(item.getString("namespace"), item.getString("name", "")),
            item.getString("arguments", ""), null));
        return;
      case "custom_tool_call":
        appendTo(messages, Role.ASSISTANT, new ContentPart.ToolCall(item.getString("call_id", ""), item.getString("name", ""),
            ToolShapes.wrapInput(item.getString("input", "")), null));
        return;
      case "tool_search_call": {
        JsonValue args = item.get("arguments");
        String arguments = args == null || args.isNull() ? "{}" : args.asString() != null ? args.asString() : Json.writeString(args);
        appendTo(messages, Role.ASSISTANT, new ContentPart.ToolCall(item.getString("call_id", ""), "tool_search", arguments, null));
        return;
      }
      case "function_call_output":
      case "custom_tool_call_output": {
        JsonValue output = item.get("output");
        List<ContentPart> content = output != null && output.asString() != null
            ? List.of(ContentPart.Text.of(output.asString())) : decodeContent(output, path + ".output", ctx);
        appendTo(messages, Role.TOOL, new ContentPart.ToolResult(item.getString("call_id", ""), null, content, false));
        return;
      }
      case "tool_search_output": {
        JsonValue tools = item.get("tools");
        String text = tools == null ? "[]" : Json.writeString(tools);
        appendTo(messages, Role.TOOL, new ContentPart.ToolResult(item.getString("call_id", ""), null,
            List.of(ContentPart.Text.of(text)), false));
        return;
      }
      case "reasoning": {
        List<ContentPart> carried = ReasoningCarrier.decode(item.getString("encrypted_content"));
        if (carried != null) {
          // Reasoning made from another vendor's: its own blocks (or the Gemini signature of the
          // call that follows) go back exactly as they came.
          for (ContentPart p : carried) appendTo(messages, Role.ASSISTANT, p);
          return;
        }
        StringBuilder text = new StringBuilder();
        for (JsonValue s : Jsons.arr(item, "summary")) {
          if (s instanceof JsonObject so && so.getString("text") != null) {
            if (text.length() > 0) text.append("\n\n");
            text.append(so.getString("text"));
          }
        }
        // OpenAI's own encrypted reasoning (a Fernet token, "gAAAAA...") means nothing to another
        // vendor, and Anthropic refuses a thinking block whose signature it did not make: only
        // the summary goes on. Other content (a signature relayed as it was) is kept.
        String encrypted = item.getString("encrypted_content");
        if (encrypted != null && encrypted.startsWith(OPENAI_ENCRYPTED)) encrypted = null;
        appendTo(messages, Role.ASSISTANT, new ContentPart.Thinking(text.toString(), encrypted));
        return;
      }
      default:
        // Items of hosted tools (web_search_call, image_generation_call...) and item references have
        // no counterpart in other protocols.
        ToolShapes.unsupported(ctx, path, "input item type '" + type + "'");
    }
  }

  /** The one name a namespaced tool has upstream, as Codex itself names them for Chat Completions. */
  private static String flatName(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "__" + name;
  }

  /** Declares a namespace's functions under flat names, remembering how to name their calls back. */
  private static void addNamespace(JsonObject ns, ChatRequest.Builder b, ConvertContext ctx, Set<String> declared) {
    String namespace = ns.getString("name", "");
    for (JsonValue v : Jsons.arr(ns, "tools")) {
      if (!(v instanceof JsonObject t) || !Tool.FUNCTION.equals(t.getString("type", Tool.FUNCTION))) continue;
      String name = t.getString("name", "");
      String flat = flatName(namespace, name);
      if (!declared.add(flat)) continue;
      ctx.notes().namespaced(flat, namespace, name);
      b.addTool(new Tool(flat, t.getString("description"), t.get("parameters")));
    }
  }

  /**
   * Adds a part to the last message when it has the role, else to a new message. A tool call takes
   * the Gemini signature carried by a reasoning item just before it.
   */
  private static void appendTo(List<Message> messages, Role role, ContentPart part) {
    int last = messages.size() - 1;
    if (part instanceof ContentPart.ToolCall c && last >= 0 && messages.get(last).role().equals(role)) {
      List<ContentPart> parts = messages.get(last).content();
      String sig = parts.isEmpty() ? null : ReasoningCarrier.isCallSignature(parts.get(parts.size() - 1));
      if (sig != null) {
        List<ContentPart> copy = new ArrayList<>(parts.subList(0, parts.size() - 1));
        copy.add(new ContentPart.ToolCall(c.id(), c.name(), c.arguments(), sig));
        messages.set(last, new Message(role, copy));
        return;
      }
    }
    if (last >= 0 && messages.get(last).role().equals(role)) {
      List<ContentPart> parts = new ArrayList<>(messages.get(last).content());
      parts.add(part);
      messages.set(last, new Message(role, parts));
    } else {
      messages.add(Message.of(role, part));
    }
  }

  static List<ContentPart> decodeContent(JsonValue content, String path, ConvertContext ctx) {
    List<ContentPart> parts = new ArrayList<>();
    if (content == null || content.isNull()) return parts;
    if (content.asString() != null) {
      parts.add(ContentPart.Text.of(content.asString()));
      return parts;
    }
    if (!(content instanceof JsonArray a)) throw badRequest(path + ": expected a string or an array");
    for (int i = 0; i < a.size(); i++) {
      JsonObject p = Jsons.requireObject(a.get(i), path + "[" + i + "]");
      String type = p.getString("type", "input_text");
      switch (type) {
        case "input_text":
        case "output_text":
        case "text":
          parts.add(ContentPart.Text.of(p.getString("text", "")));
          break;
        case "refusal":
          parts.add(ContentPart.Text.of(p.getString("refusal", "")));
          break;
        case "input_image": {
          String url = p.getString("image_url");
          if (url == null) {
            // An image by file_id lives at OpenAI: other vendors cannot fetch it.
            ToolShapes.unsupported(ctx, path + "[" + i + "]", "input_image without image_url");
            break;
          }
          String[] data = Jsons.dataUrl(url);
          parts.add(data != null ? ContentPart.Image.base64(data[0], data[1]) : ContentPart.Image.url(url));
          break;
        }
        case "input_file": {
          String fileData = p.getString("file_data");
          String fileUrl = p.getString("file_url");
          String[] data = Jsons.dataUrl(fileData);
          if (data != null) parts.add(new ContentPart.Document(data[0], data[1], null, null, p.getString("filename")));
          else if (fileData != null) parts.add(new ContentPart.Document("application/pdf", fileData, null, null, p.getString("filename")));
          else if (fileUrl != null) parts.add(new ContentPart.Document(null, null, null, fileUrl, p.getString("filename")));
          else ToolShapes.unsupported(ctx, path + "[" + i + "]", "input_file without file_data or file_url");
          break;
        }
        default:
          ToolShapes.unsupported(ctx, path + "[" + i + "]", "content type '" + type + "'");
          break;
      }
    }
    return parts;
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
