package dev.llmrouter.convert.responses;


import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.convert.internal.ContentFields;
import dev.llmrouter.convert.internal.Jsons;
import dev.llmrouter.convert.internal.ReasoningCarrier;
import dev.llmrouter.convert.internal.ToolShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Responses input items and content into the common model: messages, function, custom and
 * tool_search calls with their outputs, and reasoning (another vendor's blocks carried back exactly,
 * see {@link ReasoningCarrier}); items and content with no counterpart elsewhere are left out and
 * named, or refused when the context is strict. Stateless.
 */
final class ResponsesInputItems {
  /** How OpenAI's encrypted reasoning starts: a Fernet token's version byte in base64. */
  private static final String OPENAI_ENCRYPTED = "gAAAAA";
  /** A group of functions (Codex's MCP servers) that the Responses API names together. */
  static final String NAMESPACE = "namespace";

  private ResponsesInputItems() {}

  static void decode(JsonObject item, String path, List<Message> messages, ConvertContext ctx) {
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
  static void addNamespace(JsonObject ns, ChatRequest.Builder b, ConvertContext ctx, Set<String> declared) {
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
    return ContentFields.decode(content, path, (item, itemPath, parts) -> {
      JsonObject p = Jsons.requireObject(item, itemPath);
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
            ToolShapes.unsupported(ctx, itemPath, "input_image without image_url");
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
          else ToolShapes.unsupported(ctx, itemPath, "input_file without file_data or file_url");
          break;
        }
        default:
          ToolShapes.unsupported(ctx, itemPath, "content type '" + type + "'");
          break;
      }
    });
  }
}
