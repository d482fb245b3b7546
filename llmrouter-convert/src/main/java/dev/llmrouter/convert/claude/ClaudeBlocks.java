package dev.llmrouter.convert.claude;

import static dev.llmrouter.convert.internal.Jsons.badRequest;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ContentPart;
import dev.llmrouter.convert.internal.ContentFields;
import dev.llmrouter.convert.internal.Jsons;
import java.util.ArrayList;
import java.util.List;

/** Anthropic content blocks and usage to and from the common model. Stateless. */
final class ClaudeBlocks {
  private ClaudeBlocks() {}

  /**
   * Decodes one content block.
   *
   * @param strict true for client input: an unknown block type is a 400; false for upstream
   *     answers: unknown blocks (server tools) are skipped and null is returned
   */
  static ContentPart decode(JsonValue value, String path, boolean strict) {
    return decode(value, path, strict, null);
  }

  /**
   * Decodes one block of a client's request.
   *
   * @param strict as for {@link #decode(JsonValue, String, boolean)}
   * @param refs the request's deferred tools, which {@code tool_reference} blocks load; null where
   *     such a block has no meaning (it is then an unknown block)
   */
  static ContentPart decode(JsonValue value, String path, boolean strict, ClaudeToolReferences refs) {
    JsonObject b = Jsons.requireObject(value, path);
    String type = b.getString("type", "");
    switch (type) {
      case "text":
        return ContentPart.Text.of(b.getString("text", ""));
      case "image": {
        JsonObject src = Jsons.obj(b, "source");
        if ("url".equals(src.getString("type"))) return ContentPart.Image.url(src.getString("url", ""));
        if ("base64".equals(src.getString("type"))) {
          return ContentPart.Image.base64(src.getString("media_type"), src.getString("data", ""));
        }
        throw badRequest(path + ".source: unsupported image source type " + src.getString("type"));
      }
      case "document": {
        JsonObject src = Jsons.obj(b, "source");
        String title = b.getString("title");
        String st = src.getString("type", "");
        if (st.equals("base64")) return new ContentPart.Document(src.getString("media_type"), src.getString("data", ""), null, null, title);
        if (st.equals("text")) return new ContentPart.Document(src.getString("media_type", "text/plain"), null, src.getString("data", ""), null, title);
        if (st.equals("url")) return new ContentPart.Document(null, null, null, src.getString("url", ""), title);
        throw badRequest(path + ".source: unsupported document source type " + st);
      }
      case "tool_use": {
        JsonValue input = b.get("input");
        return new ContentPart.ToolCall(b.getString("id", ""), b.getString("name", ""),
            input == null ? "{}" : Json.writeString(input), b.getString("signature"));
      }
      case "tool_result": {
        List<ContentPart> content = new ArrayList<>();
        JsonValue c = b.get("content");
        if (c != null && c.asString() != null) {
          content.add(ContentPart.Text.of(c.asString()));
        } else if (c instanceof JsonArray a) {
          for (int i = 0; i < a.size(); i++) {
            // A search tool's result: the references in a row become one block of definitions.
            List<String> names = refs == null ? List.of() : referencedNames(a, i);
            if (!names.isEmpty()) {
              content.add(refs.load(names));
              i += names.size() - 1;
              continue;
            }
            ContentPart p = decode(a.get(i), path + ".content[" + i + "]", strict, refs);
            if (p != null) content.add(p);
          }
        }
        return new ContentPart.ToolResult(b.getString("tool_use_id", ""), null, content,
            b.getBoolean("is_error", false));
      }
      case "thinking":
        return new ContentPart.Thinking(b.getString("thinking", ""), b.getString("signature"));
      case "redacted_thinking":
        return new ContentPart.RedactedThinking(b.getString("data", ""));
      case "tool_reference":
        if (refs != null) return refs.load(List.of(b.getString("tool_name", "")));
        break;
      default:
        break;
    }
    if (strict) throw badRequest(path + ": content block type '" + type + "' cannot be sent to this channel");
    return null;
  }

  /** The tools named by the {@code tool_reference} blocks from {@code blocks[from]} on, in a row. */
  private static List<String> referencedNames(JsonArray blocks, int from) {
    // Most blocks are no reference: nothing is allocated for them.
    List<String> names = null;
    for (int i = from; i < blocks.size(); i++) {
      if (!(blocks.get(i) instanceof JsonObject o) || !"tool_reference".equals(o.getString("type"))) break;
      if (names == null) names = new ArrayList<>(2);
      names.add(o.getString("tool_name", ""));
    }
    return names == null ? List.of() : names;
  }

  /** Decodes a string or block-array content of a client's request ({@code refs} as for {@link #decode(JsonValue, String, boolean, ClaudeToolReferences)}). */
  static List<ContentPart> decodeContent(JsonValue content, String path, boolean strict, ClaudeToolReferences refs) {
    return ContentFields.decode(content, path, (item, itemPath, parts) -> {
      ContentPart p = decode(item, itemPath, strict, refs);
      if (p != null) parts.add(p);
    });
  }

  /**
   * A tool-use id as Anthropic accepts it ({@code ^[a-zA-Z0-9_-]+$}): other characters become
   * {@code _}, the same way for a call and its result. Ids from other vendors may hold more (the
   * Gemini CLI makes up ids with {@code #}, some Chat servers answer {@code functions.name:0}).
   */
  static String toolId(String id) {
    if (id.isEmpty()) return "_";
    StringBuilder sb = null;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
      if (!ok && sb == null) sb = new StringBuilder(id.substring(0, i));
      if (sb != null) sb.append(ok ? c : '_');
    }
    return sb == null ? id : sb.toString();
  }

  /**
   * Encodes one part as a block, or null when Anthropic cannot carry it here. A {@code signature}
   * on {@code tool_use} (written by some relays for Gemini) is read, never written.
   */
  static JsonObject encode(ContentPart part) {
    if (part instanceof ContentPart.Text t) {
      return new JsonObject().put("type", "text").put("text", t.text());
    }
    if (part instanceof ContentPart.Image img) {
      JsonObject src = img.url() != null
          ? new JsonObject().put("type", "url").put("url", img.url())
          : new JsonObject().put("type", "base64").put("media_type", img.mediaType()).put("data", img.data());
      return new JsonObject().put("type", "image").put("source", src);
    }
    if (part instanceof ContentPart.Document d) {
      JsonObject src;
      if (d.url() != null) {
        src = new JsonObject().put("type", "url").put("url", d.url());
      } else if (d.text() != null) {
        src = new JsonObject().put("type", "text").put("media_type", "text/plain").put("data", d.text());
      } else {
        src = new JsonObject().put("type", "base64").put("media_type", d.mediaType()).put("data", d.data());
      }
      JsonObject b = new JsonObject().put("type", "document").put("source", src);
      if (d.title() != null) b.put("title", d.title());
      return b;
    }
    if (part instanceof ContentPart.ToolCall c) {
      // A Gemini thought signature is not written: Anthropic refuses unknown block fields, and a
      // client may send this block to an Anthropic channel next. Gemini channels that validate
      // signatures use injectDummyThoughtSignature.
      return new JsonObject().put("type", "tool_use").put("id", toolId(c.id())).put("name", c.name())
          .put("input", Jsons.argumentsObject(c.arguments()));
    }
    if (part instanceof ContentPart.ToolResult r) {
      JsonObject b = new JsonObject().put("type", "tool_result").put("tool_use_id", toolId(r.toolCallId()));
      if (r.content().size() == 1 && r.content().get(0) instanceof ContentPart.Text t) {
        b.put("content", t.text());
      } else {
        JsonArray blocks = new JsonArray();
        for (ContentPart p : r.content()) {
          JsonObject e = encode(p);
          if (e != null) blocks.add(e);
        }
        b.put("content", blocks);
      }
      if (r.isError()) b.put("is_error", true);
      return b;
    }
    if (part instanceof ContentPart.Thinking th) {
      return new JsonObject().put("type", "thinking").put("thinking", th.text())
          .put("signature", th.signature() == null ? "" : th.signature());
    }
    if (part instanceof ContentPart.RedactedThinking r) {
      return new JsonObject().put("type", "redacted_thinking").put("data", r.data());
    }
    return null;
  }

  static JsonObject encodeUsage(Usage u) {
    Usage v = u == null ? Usage.NONE : u;
    return new JsonObject().put("input_tokens", v.inputTokens())
        .put("cache_creation_input_tokens", v.cacheCreationTokens())
        .put("cache_read_input_tokens", v.cacheReadTokens())
        .put("output_tokens", v.outputTokens());
  }
}
