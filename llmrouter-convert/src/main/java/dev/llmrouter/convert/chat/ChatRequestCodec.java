package dev.llmrouter.convert.chat;

import static dev.llmrouter.convert.internal.Jsons.badRequest;

import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Reasoning;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.convert.internal.ContentFields;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.ToolShapes;
import dev.llmrouter.convert.internal.OpenAiSchema;
import dev.llmrouter.convert.internal.OpenAiUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Chat Completions requests to and from the common model. Chat has no {@code top_k}, no
 * tool-result error flag and no place for thinking in requests; those are not sent. Stateless.
 */
final class ChatRequestCodec {
  private ChatRequestCodec() {}

  static ChatRequest decode(JsonObject body) {
    ChatRequest.Builder b = ChatRequest.builder().model(body.getString("model"));
    JsonArray messages = body.getArray("messages");
    if (messages == null) throw badRequest("messages: expected an array");
    for (int i = 0; i < messages.size(); i++) {
      String path = "messages[" + i + "]";
      JsonObject m = Jsons.requireObject(messages.get(i), path);
      String role = m.getString("role");
      if (role == null) throw badRequest(path + ".role: missing");
      if (role.equals("function")) throw badRequest(path + ": the legacy function role is not supported");
      if (role.equals("tool")) {
        b.addMessage(Message.of(Role.TOOL, new ContentPart.ToolResult(m.getString("tool_call_id", ""), null,
            decodeContent(m.get("content"), path + ".content"), false)));
        continue;
      }
      List<ContentPart> parts = new ArrayList<>();
      String reasoning = m.getString("reasoning_content");
      if (reasoning != null && !reasoning.isEmpty()) parts.add(new ContentPart.Thinking(reasoning, null));
      parts.addAll(decodeContent(m.get("content"), path + ".content"));
      JsonArray calls = Jsons.arr(m, "tool_calls");
      for (int j = 0; j < calls.size(); j++) {
        JsonObject call = Jsons.requireObject(calls.get(j), path + ".tool_calls[" + j + "]");
        JsonObject fn = Jsons.obj(call, "function");
        parts.add(new ContentPart.ToolCall(call.getString("id", ""), fn.getString("name", ""),
            fn.getString("arguments", ""), null));
      }
      b.addMessage(new Message(Role.of(role), parts));
    }
    JsonArray tools = Jsons.arr(body, "tools");
    for (int i = 0; i < tools.size(); i++) {
      JsonObject t = Jsons.requireObject(tools.get(i), "tools[" + i + "]");
      if (!"function".equals(t.getString("type", "function"))) {
        throw badRequest("tools[" + i + "]: tool type '" + t.getString("type") + "' cannot be sent to this channel");
      }
      JsonObject fn = Jsons.obj(t, "function");
      b.addTool(new Tool(fn.getString("name", ""), fn.getString("description"), fn.get("parameters")));
    }
    JsonValue choice = body.get("tool_choice");
    if (choice != null && choice.asString() != null) {
      String c = choice.asString();
      b.toolChoice(ToolChoice.of(c.equals("required") ? ToolChoice.ANY : c));
    } else if (choice instanceof JsonObject o) {
      b.toolChoice(ToolChoice.tool(Jsons.obj(o, "function").getString("name", "")));
    }
    Integer max = Jsons.integer(body, "max_completion_tokens");
    b.maxTokens(max != null ? max : Jsons.integer(body, "max_tokens"))
        .temperature(Jsons.dbl(body, "temperature"))
        .topP(Jsons.dbl(body, "top_p"))
        .stream(body.getBoolean("stream", false))
        .user(body.getString("user"))
        .parallelToolCalls(body.getBoolean("parallel_tool_calls"));
    List<String> stops = new ArrayList<>();
    Jsons.readStrings(body.get("stop"), stops);
    stops.forEach(b::addStopSequence);
    String effort = body.getString("reasoning_effort");
    if (effort != null) b.reasoning(new Reasoning(!effort.equals("none"), null, effort, null, null));
    return b.build();
  }

  static List<ContentPart> decodeContent(JsonValue content, String path) {
    return ContentFields.decode(content, path, (item, itemPath, parts) -> {
      JsonObject p = Jsons.requireObject(item, itemPath);
      String type = p.getString("type", "text");
      switch (type) {
        case "text":
          parts.add(ContentPart.Text.of(p.getString("text", "")));
          break;
        case "refusal":
          parts.add(ContentPart.Text.of(p.getString("refusal", "")));
          break;
        case "image_url": {
          JsonValue iu = p.get("image_url");
          String url = iu instanceof JsonObject o ? o.getString("url", "") : iu == null ? "" : iu.asString();
          String[] data = Jsons.dataUrl(url);
          parts.add(data != null ? ContentPart.Image.base64(data[0], data[1]) : ContentPart.Image.url(url));
          break;
        }
        case "file": {
          JsonObject f = Jsons.obj(p, "file");
          String[] data = Jsons.dataUrl(f.getString("file_data"));
          if (data == null) throw badRequest(itemPath + ": only inline file_data files can be converted");
          parts.add(new ContentPart.Document(data[0], data[1], null, null, f.getString("filename")));
          break;
        }
        default:
          throw badRequest(itemPath + ": content part type '" + type + "' cannot be sent to this channel");
      }
    });
  }

  static JsonObject encode(ChatRequest r, ConvertContext ctx) {
    JsonObject out = new JsonObject().put("model", ctx.upstreamModel() != null ? ctx.upstreamModel() : r.model());
    JsonArray messages = new JsonArray();
    String system = r.systemText();
    if (system != null) messages.add(new JsonObject().put("role", "system").put("content", system));
    // Freeform tools go as Chat custom tools unless the channel says its upstream drops them.
    List<Tool> natives = new ArrayList<>();
    List<Tool> functions = ToolShapes.functions(r.tools(), ctx,
        t -> t.type().equals(Tool.CUSTOM) && ctx.nativeCustomTools(), natives);
    Set<String> customNames = new HashSet<>();
    for (Tool t : natives) customNames.add(t.name());
    for (Message m : r.messages()) encodeMessage(m, messages, customNames);
    out.put("messages", messages);
    Jsons.put(out, "max_completion_tokens", r.maxTokens());
    Jsons.put(out, "temperature", r.temperature());
    Jsons.put(out, "top_p", r.topP());
    if (!r.stopSequences().isEmpty()) out.put("stop", Jsons.strings(r.stopSequences()));
    if (r.user() != null) out.put("user", OpenAiUser.of(r.user()));
    JsonObject format = r.responseFormat();
    if (format != null && "json_schema".equals(format.getString("type"))) {
      JsonObject schema = new JsonObject().put("name", format.getString("name", "response"));
      if (format.getString("description") != null) schema.put("description", format.getString("description"));
      if (format.get("schema") != null) schema.put("schema", format.get("schema").copy());
      if (format.getBoolean("strict") != null) schema.put("strict", format.getBoolean("strict"));
      out.put("response_format", new JsonObject().put("type", "json_schema").put("json_schema", schema));
    } else if (format != null) {
      out.put("response_format", new JsonObject().put("type", "json_object"));
    }
    if (!functions.isEmpty() || !natives.isEmpty()) {
      JsonArray tools = new JsonArray();
      for (Tool t : natives) tools.add(customTool(t));
      for (Tool t : functions) {
        JsonObject fn = new JsonObject().put("name", t.name());
        if (t.description() != null) fn.put("description", t.description());
        fn.put("parameters", OpenAiSchema.functionParameters(t.parameters()));
        tools.add(new JsonObject().put("type", "function").put("function", fn));
      }
      out.put("tools", tools);
    }
    ToolChoice c = r.toolChoice();
    if (c != null) {
      if (c.type().equals(ToolChoice.TOOL) && customNames.contains(c.name())) {
        out.put("tool_choice", new JsonObject().put("type", "custom").put("custom", new JsonObject().put("name", c.name())));
      } else if (c.type().equals(ToolChoice.TOOL)) {
        out.put("tool_choice", new JsonObject().put("type", "function").put("function", new JsonObject().put("name", c.name())));
      } else {
        out.put("tool_choice", c.type().equals(ToolChoice.ANY) ? "required" : c.type());
      }
    }
    if (Boolean.FALSE.equals(r.parallelToolCalls()) || (c != null && Boolean.TRUE.equals(c.disableParallel()))) {
      if (!r.tools().isEmpty()) out.put("parallel_tool_calls", false);
    } else if (Boolean.TRUE.equals(r.parallelToolCalls()) && !r.tools().isEmpty()) {
      out.put("parallel_tool_calls", true);
    }
    // Only an effort the client chose goes out: many Chat upstreams refuse reasoning_effort for
    // models without reasoning, so a budget (Anthropic, Gemini) is not turned into one.
    Reasoning reasoning = r.reasoning();
    if (reasoning != null && reasoning.effort() != null) out.put("reasoning_effort", reasoning.effort());
    if (ctx.stream()) {
      out.put("stream", true);
      out.put("stream_options", new JsonObject().put("include_usage", true));
    }
    return out;
  }

  /** A Chat Completions custom tool from a Responses one: the grammar moves under {@code format.grammar}. */
  private static JsonObject customTool(Tool t) {
    JsonObject custom = new JsonObject().put("name", t.name());
    if (t.description() != null) custom.put("description", t.description());
    JsonObject format = t.declaration().getObject("format");
    if (format != null) {
      if ("grammar".equals(format.getString("type")) && format.getObject("grammar") == null) {
        JsonObject grammar = new JsonObject();
        if (format.getString("definition") != null) grammar.put("definition", format.getString("definition"));
        if (format.getString("syntax") != null) grammar.put("syntax", format.getString("syntax"));
        custom.put("format", new JsonObject().put("type", "grammar").put("grammar", grammar));
      } else {
        custom.put("format", format.copy());
      }
    }
    return new JsonObject().put("type", "custom").put("custom", custom);
  }

  private static void encodeMessage(Message m, JsonArray out, Set<String> customNames) {
    List<ContentPart> rest = new ArrayList<>();
    List<ContentPart> resultMedia = new ArrayList<>();
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.ToolResult r) {
        out.add(new JsonObject().put("role", "tool").put("tool_call_id", r.toolCallId()).put("content", r.text()));
        for (ContentPart c : r.content()) if (!(c instanceof ContentPart.Text)) resultMedia.add(c);
      } else {
        rest.add(p);
      }
    }
    // Chat tool messages carry text only: images a tool returned follow in a user message.
    if (!resultMedia.isEmpty()) out.add(new JsonObject().put("role", "user").put("content", parts(resultMedia)));
    if (rest.isEmpty()) return;
    String role = m.role().value();
    if (m.role().equals(Role.ASSISTANT)) {
      StringBuilder text = new StringBuilder();
      JsonArray calls = new JsonArray();
      for (ContentPart p : rest) {
        if (p instanceof ContentPart.Text t) {
          text.append(t.text());
        } else if (p instanceof ContentPart.ToolCall c && customNames.contains(c.name())) {
          calls.add(new JsonObject().put("id", c.id()).put("type", "custom").put("custom",
              new JsonObject().put("name", c.name()).put("input", ToolShapes.unwrapInput(c.arguments()))));
        } else if (p instanceof ContentPart.ToolCall c) {
          calls.add(new JsonObject().put("id", c.id()).put("type", "function").put("function",
              new JsonObject().put("name", c.name()).put("arguments", c.arguments().isEmpty() ? "{}" : c.arguments())));
        }
      }
      if (text.length() == 0 && calls.isEmpty()) return;
      JsonObject msg = new JsonObject().put("role", "assistant");
      msg.put("content", text.length() == 0 ? JsonNull.INSTANCE : new JsonString(text.toString()));
      if (!calls.isEmpty()) msg.put("tool_calls", calls);
      out.add(msg);
      return;
    }
    if (!m.role().isKnown() || m.role().equals(Role.TOOL)) role = "user";
    JsonObject msg = new JsonObject().put("role", role);
    if (rest.size() == 1 && rest.get(0) instanceof ContentPart.Text t) {
      msg.put("content", t.text());
    } else {
      JsonArray parts = parts(rest);
      if (parts.isEmpty()) return;
      msg.put("content", parts);
    }
    out.add(msg);
  }

  private static JsonArray parts(List<ContentPart> content) {
    JsonArray parts = new JsonArray();
    for (ContentPart p : content) {
      if (p instanceof ContentPart.Text t) {
        parts.add(new JsonObject().put("type", "text").put("text", t.text()));
      } else if (p instanceof ContentPart.Image img) {
        String url = img.url() != null ? img.url() : Jsons.toDataUrl(img.mediaType(), img.data());
        parts.add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", url)));
      } else if (p instanceof ContentPart.Document d) {
        if (d.text() != null) {
          parts.add(new JsonObject().put("type", "text").put("text", d.text()));
        } else if (d.data() != null) {
          JsonObject file = new JsonObject().put("filename", d.title() != null ? d.title() : "document")
              .put("file_data", Jsons.toDataUrl(d.mediaType(), d.data()));
          parts.add(new JsonObject().put("type", "file").put("file", file));
        } else {
          parts.add(new JsonObject().put("type", "text").put("text", d.url()));
        }
      }
    }
    return parts;
  }
}
