package dev.llmrouter.server;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Recorded-style upstream answers for a tool-using conversation, for each converting channel type,
 * streamed and not, and a reader that lists an upstream request's conversation in order.
 */
enum SessionUpstreams {
  CLAUDE("claude") {
    @Override
    MockResponse toolCall(boolean stream) {
      if (!stream) {
        return json("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}],"
            + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":50,\"output_tokens\":10}}");
      }
      return sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}\n\n"
          + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
          + "\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
          + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
          + "\"partial_json\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}\n\n"
          + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
          + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
          + "\"usage\":{\"output_tokens\":10}}\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Override
    MockResponse text(boolean stream, String text) {
      if (!stream) {
        return json("{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
            + "{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":70,\"output_tokens\":8}}");
      }
      return sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":70,\"output_tokens\":1}}}\n\n"
          + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
          + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
          + text + "\"}}\n\n"
          + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
          + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
          + "\"usage\":{\"output_tokens\":8}}\n\n"
          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Override
    List<String> conversation(JsonObject request) {
      List<String> out = new ArrayList<>();
      for (JsonValue v : request.getArray("messages")) {
        JsonObject m = v.asObject();
        String role = m.getString("role");
        JsonValue content = m.get("content");
        if (content.asString() != null) {
          out.add(role + ":text(" + content.asString() + ")");
          continue;
        }
        for (JsonValue p : content.asArray()) {
          JsonObject b = p.asObject();
          switch (b.getString("type")) {
            case "text": out.add(role + ":text(" + b.getString("text") + ")"); break;
            case "tool_use": out.add(role + ":call(" + b.getString("name") + "," + Json.writeString(b.get("input")) + ")"); break;
            case "tool_result": out.add(role + ":result(" + resultText(b.get("content")) + ")"); break;
            default: out.add(role + ":" + b.getString("type"));
          }
        }
      }
      return out;
    }
  },

  OPENAI("openai") {
    @Override
    MockResponse toolCall(boolean stream) {
      if (!stream) {
        return json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10,\"total_tokens\":60}}");
      }
      return sse("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
          + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10,\"total_tokens\":60}}\n\n"
          + "data: [DONE]\n\n");
    }

    @Override
    MockResponse text(boolean stream, String text) {
      if (!stream) {
        return json("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":70,\"completion_tokens\":8,\"total_tokens\":78}}");
      }
      return sse("data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":70,\"completion_tokens\":8,\"total_tokens\":78}}\n\n"
          + "data: [DONE]\n\n");
    }

    @Override
    List<String> conversation(JsonObject request) {
      List<String> out = new ArrayList<>();
      for (JsonValue v : request.getArray("messages")) {
        JsonObject m = v.asObject();
        String role = m.getString("role");
        JsonArray calls = m.getArray("tool_calls");
        JsonValue content = m.get("content");
        String text = content == null || content.isNull() ? null : content.asString() != null ? content.asString()
            : resultText(content);
        if (role.equals("tool")) {
          out.add("tool:result(" + text + ")");
          continue;
        }
        if (text != null && !text.isEmpty()) out.add(role + ":text(" + text + ")");
        if (calls != null) {
          for (JsonValue c : calls) {
            JsonObject f = c.asObject().getObject("function");
            out.add(role + ":call(" + f.getString("name") + "," + Json.writeString(Json.parse(f.getString("arguments"))) + ")");
          }
        }
      }
      return out;
    }
  },

  GEMINI("gemini") {
    @Override
    MockResponse toolCall(boolean stream) {
      String chunk = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
          + "\"args\":{\"city\":\"Paris\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":10,\"totalTokenCount\":60},\"modelVersion\":\"m\"}";
      return stream ? sse("data: " + chunk + "\n\n") : json(chunk);
    }

    @Override
    MockResponse text(boolean stream, String text) {
      String chunk = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]},"
          + "\"finishReason\":\"STOP\",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":70,\"candidatesTokenCount\":8,\"totalTokenCount\":78},\"modelVersion\":\"m\"}";
      return stream ? sse("data: " + chunk + "\n\n") : json(chunk);
    }

    @Override
    List<String> conversation(JsonObject request) {
      List<String> out = new ArrayList<>();
      for (JsonValue v : request.getArray("contents")) {
        JsonObject c = v.asObject();
        String role = c.getString("role", "user");
        for (JsonValue p : c.getArray("parts")) {
          JsonObject part = p.asObject();
          if (part.getString("text") != null) {
            out.add(role + ":text(" + part.getString("text") + ")");
          } else if (part.getObject("functionCall") != null) {
            JsonObject f = part.getObject("functionCall");
            out.add(role + ":call(" + f.getString("name") + "," + Json.writeString(f.get("args")) + ")");
          } else if (part.getObject("functionResponse") != null) {
            out.add(role + ":result(" + Json.writeString(part.getObject("functionResponse").get("response")) + ")");
          } else {
            out.add(role + ":" + part.names());
          }
        }
      }
      return out;
    }
  };

  final String serviceType;

  SessionUpstreams(String serviceType) {
    this.serviceType = serviceType;
  }

  /** The answer that calls get_weather for Paris. */
  abstract MockResponse toolCall(boolean stream);

  /** An answer with one text. */
  abstract MockResponse text(boolean stream, String text);

  /** The upstream request's conversation as role:part lines, in order. */
  abstract List<String> conversation(JsonObject request);

  static String resultText(JsonValue content) {
    if (content == null) return "";
    if (content.asString() != null) return content.asString();
    StringBuilder sb = new StringBuilder();
    for (JsonValue p : content.asArray()) {
      JsonObject b = p.asObject();
      if (b != null && b.getString("text") != null) sb.append(b.getString("text"));
    }
    return sb.toString();
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }
}
