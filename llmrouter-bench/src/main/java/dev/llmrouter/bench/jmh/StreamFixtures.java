package dev.llmrouter.bench.jmh;

import dev.llmrouter.api.Protocol;
import java.util.function.BiConsumer;

/**
 * Streamed answers in each upstream's wire format (shapes copied from the recorded vendor fixtures
 * of llmrouter-convert), all with the same number of events so that one per-event figure compares
 * them. A {@code text} answer is one text block; a {@code tool} answer is a shorter text block
 * followed by one tool call whose arguments arrive in {@link #ARG_PIECES} pieces (Gemini sends a
 * function call whole, in one chunk). The rest of the events are text deltas, so every stream has
 * about 200 of them.
 */
final class StreamFixtures {
  /** Events in every stream, terminal ones ({@code [DONE]}, {@code message_stop}) included. */
  static final int EVENTS = 206;
  /** Pieces of the tool call's arguments (for the formats that stream them). */
  static final int ARG_PIECES = 40;

  private static final String ARGS = "{\"file_path\":\"/home/dev/project/src/main/java/dev/app/Service.java\","
      + "\"old_string\":\"return cache.get(key);\",\"new_string\":\"Value v = cache.get(key); "
      + "if (v == null) { v = loader.load(key); cache.put(key, v); } return v;\",\"replace_all\":false}";

  private StreamFixtures() {}

  /**
   * A stream of {@link #EVENTS} events.
   *
   * @param upstream the upstream's protocol
   * @param tool true for text followed by a tool call, false for text only
   */
  static String stream(Protocol upstream, boolean tool) {
    switch (upstream) {
      case CLAUDE: return claude(tool);
      case OPENAI_CHAT: return chat(tool);
      case GEMINI: return gemini(tool);
      default: return responses(tool);
    }
  }

  /** The i-th text delta: a few words, now and then a line break or a quote to escape. */
  static String delta(int i) {
    if (i % 25 == 24) return " \"done\".\n\n";
    if (i % 10 == 9) return " line " + i + ".\n";
    return " word" + i + " of it";
  }

  /** The tool call's arguments cut into {@link #ARG_PIECES} pieces. */
  static String[] argPieces() {
    String[] pieces = new String[ARG_PIECES];
    int len = ARGS.length();
    for (int i = 0; i < ARG_PIECES; i++) pieces[i] = ARGS.substring(i * len / ARG_PIECES, (i + 1) * len / ARG_PIECES);
    return pieces;
  }

  /** A JSON string literal (quotes, backslashes and line breaks escaped; fixtures hold nothing else to escape). */
  static String q(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  private static String fullText(int deltas) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < deltas; i++) sb.append(delta(i));
    return sb.toString();
  }

  private static void event(StringBuilder sb, String name, String json) {
    if (name != null) sb.append("event: ").append(name).append('\n');
    sb.append("data: ").append(json).append("\n\n");
  }

  // message_start, content_block_start, ping, deltas, content_block_stop, message_delta, message_stop;
  // a tool adds content_block_start, ARG_PIECES + 1 input_json_delta (the first one empty) and content_block_stop.
  private static String claude(boolean tool) {
    int texts = EVENTS - 6 - (tool ? ARG_PIECES + 3 : 0);
    StringBuilder sb = new StringBuilder();
    event(sb, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":18000,\"output_tokens\":1}}}");
    event(sb, "content_block_start",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    event(sb, "ping", "{\"type\": \"ping\"}");
    for (int i = 0; i < texts; i++) {
      event(sb, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
          + "\"text\":" + q(delta(i)) + "}}");
    }
    event(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    if (tool) {
      event(sb, "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
          + "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"Edit\",\"input\":{}}}");
      event(sb, "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}");
      for (String piece : argPieces()) {
        event(sb, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
            + "\"partial_json\":" + q(piece) + "}}");
      }
      event(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}");
    }
    event(sb, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + (tool ? "tool_use" : "end_turn")
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + (texts * 3) + "}}");
    event(sb, "message_stop", "{\"type\":\"message_stop\"}");
    return sb.toString();
  }

  private static String chunk(String delta, String finish) {
    return "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4.1-2025-04-14\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":"
        + delta + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : q(finish)) + "}]}";
  }

  // role chunk, deltas, finish chunk, usage chunk, [DONE]; a tool adds its opening chunk and ARG_PIECES chunks.
  private static String chat(boolean tool) {
    int texts = EVENTS - 4 - (tool ? ARG_PIECES + 1 : 0);
    StringBuilder sb = new StringBuilder();
    event(sb, null, chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (int i = 0; i < texts; i++) event(sb, null, chunk("{\"content\":" + q(delta(i)) + "}", null));
    if (tool) {
      event(sb, null, chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"type\":\"function\","
          + "\"function\":{\"name\":\"Edit\",\"arguments\":\"\"}}]}", null));
      for (String piece : argPieces()) {
        event(sb, null, chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(piece) + "}}]}", null));
      }
    }
    event(sb, null, chunk("{}", tool ? "tool_calls" : "stop"));
    event(sb, null, "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],"
        + "\"usage\":{\"prompt_tokens\":20095,\"completion_tokens\":" + (texts * 3) + ",\"total_tokens\":" + (20095 + texts * 3)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":18000,\"audio_tokens\":0},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0}}}");
    event(sb, null, "[DONE]");
    return sb.toString();
  }

  // One chunk per text delta; the last chunk carries the finish reason and the full usage (and the call, for a tool).
  private static String gemini(boolean tool) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < EVENTS; i++) {
      boolean last = i == EVENTS - 1;
      String parts = last && tool
          ? "[{\"functionCall\":{\"name\":\"Edit\",\"args\":" + ARGS + "},\"thoughtSignature\":\"CiQB0e2Kb3sig==\"}]"
          : "[{\"text\":" + q(delta(i)) + "}]";
      String usage = last
          ? "{\"promptTokenCount\":20095,\"candidatesTokenCount\":" + (EVENTS * 3) + ",\"totalTokenCount\":" + (20095 + EVENTS * 3)
              + ",\"cachedContentTokenCount\":18000,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":20095}]}"
          : "{\"promptTokenCount\":20095,\"totalTokenCount\":20095}";
      event(sb, null, "{\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"}"
          + (last ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}],\"usageMetadata\":" + usage
          + ",\"modelVersion\":\"gemini-2.5-pro\",\"responseId\":\"zc5lacK3LJqhz7IPqoDg0AY\"}");
    }
    return sb.toString();
  }

  // created, in_progress, message item and part added, deltas, text done, part done, item done, completed;
  // a tool adds its item added, ARG_PIECES argument deltas, arguments done and item done.
  private static String responses(boolean tool) {
    int texts = EVENTS - 8 - (tool ? ARG_PIECES + 3 : 0);
    String text = fullText(texts);
    String rid = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b";
    String mid = "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b";
    String head = "\"id\":\"" + rid + "\",\"object\":\"response\",\"created_at\":1741476542,";
    StringBuilder sb = new StringBuilder();
    int[] seq = {0};
    BiConsumer<String, String> ev = (type, body) ->
        event(sb, type, "{\"type\":\"" + type + "\",\"sequence_number\":" + (seq[0]++) + "," + body + "}");
    String pending = "{" + head + "\"status\":\"in_progress\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,"
        + "\"model\":\"gpt-4.1-2025-04-14\",\"output\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],"
        + "\"usage\":null,\"metadata\":{}}";
    ev.accept("response.created", "\"response\":" + pending);
    ev.accept("response.in_progress", "\"response\":" + pending);
    ev.accept("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"" + mid + "\",\"type\":\"message\","
        + "\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}");
    ev.accept("response.content_part.added", "\"item_id\":\"" + mid + "\",\"output_index\":0,\"content_index\":0,"
        + "\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}");
    for (int i = 0; i < texts; i++) {
      ev.accept("response.output_text.delta", "\"item_id\":\"" + mid + "\",\"output_index\":0,\"content_index\":0,"
          + "\"delta\":" + q(delta(i)));
    }
    ev.accept("response.output_text.done", "\"item_id\":\"" + mid + "\",\"output_index\":0,\"content_index\":0,"
        + "\"text\":" + q(text));
    String part = "{\"type\":\"output_text\",\"text\":" + q(text) + ",\"annotations\":[]}";
    ev.accept("response.content_part.done", "\"item_id\":\"" + mid + "\",\"output_index\":0,\"content_index\":0,"
        + "\"part\":" + part);
    String message = "{\"id\":\"" + mid + "\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[" + part + "]}";
    ev.accept("response.output_item.done", "\"output_index\":0,\"item\":" + message);
    String output = message;
    if (tool) {
      String fid = "fc_67ccd2c0a3c88190a8b1c2d3e4f5a6b70bb6a6b452d3795b";
      String call = "\"id\":\"" + fid + "\",\"type\":\"function_call\",\"call_id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\","
          + "\"name\":\"Edit\",";
      ev.accept("response.output_item.added", "\"output_index\":1,\"item\":{" + call
          + "\"arguments\":\"\",\"status\":\"in_progress\"}");
      for (String piece : argPieces()) {
        ev.accept("response.function_call_arguments.delta", "\"item_id\":\"" + fid + "\",\"output_index\":1,"
            + "\"delta\":" + q(piece));
      }
      ev.accept("response.function_call_arguments.done", "\"item_id\":\"" + fid + "\",\"output_index\":1,"
          + "\"arguments\":" + q(ARGS));
      String done = "{" + call + "\"arguments\":" + q(ARGS) + ",\"status\":\"completed\"}";
      ev.accept("response.output_item.done", "\"output_index\":1,\"item\":" + done);
      output = message + "," + done;
    }
    ev.accept("response.completed", "\"response\":{" + head + "\"status\":\"completed\",\"error\":null,"
        + "\"incomplete_details\":null,\"instructions\":null,\"model\":\"gpt-4.1-2025-04-14\",\"output\":[" + output + "],"
        + "\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"usage\":{\"input_tokens\":20095,"
        + "\"input_tokens_details\":{\"cached_tokens\":18000},\"output_tokens\":" + (texts * 3)
        + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + (20095 + texts * 3) + "},\"metadata\":{}}");
    return sb.toString();
  }
}
