package dev.llmrouter.server;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Upstream answers of each vendor for a Codex conversation: turn 1 thinks (Claude, Gemini) and calls
 * the freeform {@code apply_patch} tool; a later turn answers with text. Streams split the patch in
 * the middle of an escape, as real upstreams do.
 */
final class CodexUpstreams {
  static final String PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+Hello \"world\"\n*** End Patch\n";
  static final String THINKING = "The user wants a file; I will add it.";
  static final String CLAUDE_SIGNATURE = "EqQBCkYIBxgCKkD+a/b==sig";
  static final String GEMINI_SIGNATURE = "CiQB0e2Kb3+gemini/sig==";
  static final String OPENAI_ENCRYPTED = "gAAAAABencrypted-reasoning==";

  private CodexUpstreams() {}

  /** {@return the call id the upstream gives its apply_patch call} */
  static String callId(Protocol p, int turn) {
    switch (p) {
      case CLAUDE: return "toolu_0" + turn;
      case GEMINI: return null;
      default: return "call_0" + turn;
    }
  }

  /** Turn {@code turn}'s answer: thinking and a freeform apply_patch call. */
  static MockResponse patchCall(Protocol p, boolean stream, int turn) {
    String args = Json.writeString(new JsonObject().put("input", PATCH));
    String id = callId(p, turn);
    switch (p) {
      case CLAUDE:
        if (!stream) {
          return json("{\"id\":\"msg_0" + turn + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"upstream\",\"content\":["
              + "{\"type\":\"thinking\",\"thinking\":" + q(THINKING) + ",\"signature\":" + q(CLAUDE_SIGNATURE) + "},"
              + "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"apply_patch\",\"input\":" + args + "}],"
              + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,\"output_tokens\":20,"
              + "\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":50}}");
        }
        List<String> claude = new ArrayList<>();
        claude.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_0" + turn + "\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"upstream\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":100,"
            + "\"output_tokens\":1,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":50}}}"));
        claude.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"));
        claude.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":" + q(THINKING) + "}}"));
        claude.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":" + q(CLAUDE_SIGNATURE) + "}}"));
        claude.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        claude.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"apply_patch\",\"input\":{}}}"));
        for (String piece : pieces(args)) {
          claude.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + q(piece) + "}}"));
        }
        claude.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
        claude.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}"));
        claude.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
        return stream(claude);
      case OPENAI_CHAT:
        if (!stream) {
          return json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"upstream\",\"choices\":[{\"index\":0,"
              + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"custom\","
              + "\"custom\":{\"name\":\"apply_patch\",\"input\":" + q(PATCH) + "}}]},\"finish_reason\":\"tool_calls\"}],"
              + "\"usage\":{\"prompt_tokens\":1150,\"completion_tokens\":20,\"total_tokens\":1170,\"prompt_tokens_details\":{\"cached_tokens\":1000}}}");
        }
        List<String> chat = new ArrayList<>();
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream\",\"choices\":[{\"index\":0,\"delta\":";
        chat.add(data(head + "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"" + id + "\",\"type\":\"custom\",\"custom\":{\"name\":\"apply_patch\",\"input\":\"\"}}]}}]}"));
        for (String piece : pieces(PATCH)) {
          chat.add(data(head + "{\"tool_calls\":[{\"index\":0,\"custom\":{\"input\":" + q(piece) + "}}]}}]}"));
        }
        chat.add(data(head + "{},\"finish_reason\":\"tool_calls\"}]}"));
        chat.add(data("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":1150,\"completion_tokens\":20,\"total_tokens\":1170,\"prompt_tokens_details\":{\"cached_tokens\":1000}}}"));
        chat.add(data("[DONE]"));
        return stream(chat);
      case GEMINI: {
        String thought = "{\"text\":" + q(THINKING) + ",\"thought\":true}";
        String call = "{\"functionCall\":{\"name\":\"apply_patch\",\"args\":" + args + "},\"thoughtSignature\":" + q(GEMINI_SIGNATURE) + "}";
        String usage = "\"usageMetadata\":{\"promptTokenCount\":1150,\"candidatesTokenCount\":20,\"cachedContentTokenCount\":1000,\"totalTokenCount\":1170}";
        if (!stream) {
          return json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + thought + "," + call + "]},\"finishReason\":\"STOP\",\"index\":0}],"
              + usage + ",\"modelVersion\":\"upstream\"}");
        }
        return stream(List.of(
            data("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + thought + "]},\"index\":0}],\"modelVersion\":\"upstream\"}"),
            data("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + call + "]},\"finishReason\":\"STOP\",\"index\":0}],"
                + usage + ",\"modelVersion\":\"upstream\"}")));
      }
      default:
        return responsesPatchCall(stream, id, turn);
    }
  }

  private static MockResponse responsesPatchCall(boolean stream, String id, int turn) {
    String reasoning = "{\"id\":\"rs_0" + turn + "\",\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":" + q(OPENAI_ENCRYPTED) + "}";
    String call = "{\"id\":\"ctc_0" + turn + "\",\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"" + id
        + "\",\"name\":\"apply_patch\",\"input\":" + q(PATCH) + "}";
    String usage = "{\"input_tokens\":1150,\"input_tokens_details\":{\"cached_tokens\":1000},\"output_tokens\":20,"
        + "\"output_tokens_details\":{\"reasoning_tokens\":10},\"total_tokens\":1170}";
    String done = "{\"id\":\"resp_0" + turn + "\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"upstream\","
        + "\"output\":[" + reasoning + "," + call + "],\"usage\":" + usage + "}";
    if (!stream) return json(done);
    String open = "{\"id\":\"resp_0" + turn + "\",\"object\":\"response\",\"created_at\":1,\"status\":\"in_progress\",\"model\":\"upstream\",\"output\":[]}";
    String callOpen = call.replace("\"status\":\"completed\"", "\"status\":\"in_progress\"").replace(q(PATCH), "\"\"");
    List<String> events = new ArrayList<>();
    int seq = 0;
    events.add(rsse("response.created", seq++, "\"response\":" + open));
    events.add(rsse("response.in_progress", seq++, "\"response\":" + open));
    events.add(rsse("response.output_item.added", seq++, "\"output_index\":0,\"item\":" + reasoning));
    events.add(rsse("response.output_item.done", seq++, "\"output_index\":0,\"item\":" + reasoning));
    events.add(rsse("response.output_item.added", seq++, "\"output_index\":1,\"item\":" + callOpen));
    for (String piece : pieces(PATCH)) {
      events.add(rsse("response.custom_tool_call_input.delta", seq++, "\"output_index\":1,\"item_id\":\"ctc_0" + turn + "\",\"delta\":" + q(piece)));
    }
    events.add(rsse("response.custom_tool_call_input.done", seq++, "\"output_index\":1,\"item_id\":\"ctc_0" + turn + "\",\"input\":" + q(PATCH)));
    events.add(rsse("response.output_item.done", seq++, "\"output_index\":1,\"item\":" + call));
    events.add(rsse("response.completed", seq, "\"response\":" + done));
    return stream(events);
  }

  /** A plain text answer. */
  static MockResponse text(Protocol p, String text) {
    switch (p) {
      case CLAUDE:
        return json("{\"id\":\"msg_9\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"upstream\",\"content\":[{\"type\":\"text\",\"text\":"
            + q(text) + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5,"
            + "\"cache_read_input_tokens\":2000,\"cache_creation_input_tokens\":300}}");
      case OPENAI_CHAT:
        return json("{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"upstream\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":" + q(text) + "},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}");
      case GEMINI:
        return json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":" + q(text) + "}]},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,\"totalTokenCount\":15},\"modelVersion\":\"upstream\"}");
      default:
        return json("{\"id\":\"resp_9\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"upstream\",\"output\":["
            + "{\"id\":\"msg_9\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"annotations\":[],\"text\":" + q(text) + "}]}],\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}");
    }
  }

  /** Three pieces, the first cut inside the escape of a quote where there is one. */
  static List<String> pieces(String s) {
    int escape = s.indexOf("\\\"");
    int a = escape >= 0 ? escape + 1 : s.indexOf('"') + 1;
    int b = s.length() - 5;
    return List.of(s.substring(0, a), s.substring(a, b), s.substring(b));
  }

  private static String q(String s) {
    return Json.writeString(new JsonString(s));
  }

  private static String sse(String event, String data) {
    return "event: " + event + "\ndata: " + data + "\n\n";
  }

  private static String rsse(String type, int seq, String fields) {
    return sse(type, "{\"type\":\"" + type + "\",\"sequence_number\":" + seq + "," + fields + "}");
  }

  private static String data(String data) {
    return "data: " + data + "\n\n";
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static MockResponse stream(List<String> events) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(String.join("", events)).build();
  }
}
