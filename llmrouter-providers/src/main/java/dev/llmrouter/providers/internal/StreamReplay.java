package dev.llmrouter.providers.internal;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.RouterException;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a non-streamed upstream answer as the stream events the same upstream would have sent,
 * for upstreams that answer a stream request with plain JSON. The events then go through the
 * ordinary stream conversion. Stateless.
 */
final class StreamReplay {
  private StreamReplay() {}

  /**
   * The events of an answer.
   *
   * @throws RouterException when the body is not a JSON answer of the protocol
   */
  static List<SseEvent> events(Protocol protocol, byte[] body) {
    JsonObject root;
    try {
      root = Json.parseObject(body);
    } catch (RuntimeException e) {
      throw new RouterException("upstream answer is not a JSON object: " + e.getMessage(), e);
    }
    switch (protocol) {
      case GEMINI:
        // A Gemini answer has the shape of a stream chunk.
        return List.of(SseEvent.of(null, Json.writeString(root)));
      case OPENAI_CHAT:
        return chat(root);
      case CLAUDE:
        return claude(root);
      default:
        return responses(root);
    }
  }

  private static List<SseEvent> chat(JsonObject completion) {
    List<SseEvent> out = new ArrayList<>();
    JsonArray choices = completion.getArray("choices");
    JsonArray chunkChoices = new JsonArray();
    if (choices != null) {
      for (JsonValue v : choices) {
        if (!(v instanceof JsonObject choice)) continue;
        JsonObject message = choice.getObject("message");
        JsonObject delta = message == null ? new JsonObject() : message.copy();
        JsonArray calls = delta.getArray("tool_calls");
        if (calls != null) {
          JsonArray indexed = new JsonArray();
          int i = 0;
          for (JsonValue c : calls) {
            if (c instanceof JsonObject call) {
              JsonObject copy = new JsonObject().put("index", i);
              call.members().forEach(copy::put);
              indexed.add(copy);
            }
            i++;
          }
          delta.put("tool_calls", indexed);
        }
        JsonObject chunkChoice = new JsonObject().put("index", choice.getLong("index", 0)).put("delta", delta);
        JsonValue finish = choice.get("finish_reason");
        chunkChoice.put("finish_reason", finish == null ? JsonNull.INSTANCE : finish);
        chunkChoices.add(chunkChoice);
      }
    }
    JsonObject chunk = chunkHeader(completion).put("choices", chunkChoices);
    out.add(SseEvent.of(null, Json.writeString(chunk)));
    if (completion.getObject("usage") != null) {
      JsonObject usageChunk = chunkHeader(completion).put("choices", new JsonArray())
          .put("usage", completion.getObject("usage"));
      out.add(SseEvent.of(null, Json.writeString(usageChunk)));
    }
    out.add(SseEvent.of(null, "[DONE]"));
    return out;
  }

  private static JsonObject chunkHeader(JsonObject completion) {
    JsonObject h = new JsonObject();
    if (completion.get("id") != null) h.put("id", completion.get("id"));
    h.put("object", "chat.completion.chunk");
    if (completion.get("created") != null) h.put("created", completion.get("created"));
    if (completion.get("model") != null) h.put("model", completion.get("model"));
    return h;
  }

  private static List<SseEvent> claude(JsonObject message) {
    List<SseEvent> out = new ArrayList<>();
    JsonObject start = message.copy();
    start.put("content", new JsonArray());
    start.put("stop_reason", JsonNull.INSTANCE);
    start.put("stop_sequence", JsonNull.INSTANCE);
    out.add(claudeEvent("message_start", new JsonObject().put("type", "message_start").put("message", start)));
    JsonArray content = message.getArray("content");
    int index = 0;
    if (content != null) {
      for (JsonValue v : content) {
        if (!(v instanceof JsonObject block)) continue;
        String type = block.getString("type", "");
        JsonObject opening = block.copy();
        JsonObject delta = null;
        JsonObject signature = null;
        switch (type) {
          case "text":
            opening.put("text", "");
            delta = new JsonObject().put("type", "text_delta").put("text", block.getString("text", ""));
            break;
          case "thinking":
            opening.put("thinking", "");
            opening.put("signature", "");
            delta = new JsonObject().put("type", "thinking_delta").put("thinking", block.getString("thinking", ""));
            if (block.getString("signature") != null) {
              signature = new JsonObject().put("type", "signature_delta").put("signature", block.getString("signature"));
            }
            break;
          case "tool_use":
          case "server_tool_use":
            opening.put("input", new JsonObject());
            JsonValue input = block.get("input");
            delta = new JsonObject().put("type", "input_json_delta")
                .put("partial_json", input == null ? "{}" : Json.writeString(input));
            break;
          default:
            break;
        }
        out.add(claudeEvent("content_block_start", new JsonObject().put("type", "content_block_start")
            .put("index", index).put("content_block", opening)));
        if (delta != null) {
          out.add(claudeEvent("content_block_delta", new JsonObject().put("type", "content_block_delta")
              .put("index", index).put("delta", delta)));
        }
        if (signature != null) {
          out.add(claudeEvent("content_block_delta", new JsonObject().put("type", "content_block_delta")
              .put("index", index).put("delta", signature)));
        }
        out.add(claudeEvent("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", index)));
        index++;
      }
    }
    JsonObject stop = new JsonObject()
        .put("stop_reason", message.get("stop_reason") == null ? JsonNull.INSTANCE : message.get("stop_reason"))
        .put("stop_sequence", message.get("stop_sequence") == null ? JsonNull.INSTANCE : message.get("stop_sequence"));
    JsonObject delta = new JsonObject().put("type", "message_delta").put("delta", stop);
    if (message.getObject("usage") != null) delta.put("usage", message.getObject("usage"));
    out.add(claudeEvent("message_delta", delta));
    out.add(claudeEvent("message_stop", new JsonObject().put("type", "message_stop")));
    return out;
  }

  private static SseEvent claudeEvent(String type, JsonObject data) {
    return SseEvent.of(type, Json.writeString(data));
  }

  private static List<SseEvent> responses(JsonObject response) {
    List<SseEvent> out = new ArrayList<>();
    JsonObject created = response.copy();
    created.put("status", "in_progress");
    created.put("output", new JsonArray());
    created.remove("usage");
    out.add(responsesEvent("response.created", new JsonObject().put("response", created)));
    JsonArray output = response.getArray("output");
    int index = 0;
    if (output != null) {
      for (JsonValue v : output) {
        if (!(v instanceof JsonObject item)) continue;
        JsonObject added = item.copy();
        added.put("status", "in_progress");
        if (added.getArray("content") != null) added.put("content", new JsonArray());
        if (added.getArray("summary") != null) added.put("summary", new JsonArray());
        if ("function_call".equals(item.getString("type"))) added.put("arguments", "");
        out.add(responsesEvent("response.output_item.added",
            new JsonObject().put("output_index", index).put("item", added)));
        JsonArray content = item.getArray("content");
        if (content != null) {
          int part = 0;
          for (JsonValue c : content) {
            if (c instanceof JsonObject p && "output_text".equals(p.getString("type"))) {
              JsonObject base = new JsonObject().put("item_id", item.getString("id", "")).put("output_index", index)
                  .put("content_index", part);
              JsonObject emptyPart = p.copy().put("text", "");
              out.add(responsesEvent("response.content_part.added", base.copy().put("part", emptyPart)));
              out.add(responsesEvent("response.output_text.delta", base.copy().put("delta", p.getString("text", ""))));
              out.add(responsesEvent("response.output_text.done", base.copy().put("text", p.getString("text", ""))));
              out.add(responsesEvent("response.content_part.done", base.copy().put("part", p)));
            }
            part++;
          }
        }
        JsonArray summary = "reasoning".equals(item.getString("type")) ? item.getArray("summary") : null;
        if (summary != null) {
          int part = 0;
          for (JsonValue sv : summary) {
            if (sv instanceof JsonObject p) {
              JsonObject base = new JsonObject().put("item_id", item.getString("id", "")).put("output_index", index)
                  .put("summary_index", part);
              out.add(responsesEvent("response.reasoning_summary_part.added",
                  base.copy().put("part", p.copy().put("text", ""))));
              out.add(responsesEvent("response.reasoning_summary_text.delta", base.copy().put("delta", p.getString("text", ""))));
              out.add(responsesEvent("response.reasoning_summary_text.done", base.copy().put("text", p.getString("text", ""))));
              out.add(responsesEvent("response.reasoning_summary_part.done", base.copy().put("part", p)));
            }
            part++;
          }
        }
        if ("function_call".equals(item.getString("type"))) {
          JsonObject base = new JsonObject().put("item_id", item.getString("id", "")).put("output_index", index);
          out.add(responsesEvent("response.function_call_arguments.delta",
              base.copy().put("delta", item.getString("arguments", ""))));
          out.add(responsesEvent("response.function_call_arguments.done",
              base.copy().put("arguments", item.getString("arguments", ""))));
        }
        out.add(responsesEvent("response.output_item.done",
            new JsonObject().put("output_index", index).put("item", item)));
        index++;
      }
    }
    String status = response.getString("status", "completed");
    String terminal = status.equals("incomplete") ? "response.incomplete"
        : status.equals("failed") ? "response.failed" : "response.completed";
    out.add(responsesEvent(terminal, new JsonObject().put("response", response)));
    return out;
  }

  private static SseEvent responsesEvent(String type, JsonObject fields) {
    JsonObject data = new JsonObject().put("type", type);
    fields.members().forEach(data::put);
    return SseEvent.of(type, Json.writeString(data));
  }
}
