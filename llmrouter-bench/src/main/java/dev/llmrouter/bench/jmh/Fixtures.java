package dev.llmrouter.bench.jmh;

/** Request and stream fixtures shaped like Claude Code's traffic. */
final class Fixtures {
  private Fixtures() {}

  /** A Messages request of about {@code targetBytes} (at least a small one): system prompt, tools, turns. */
  static String claudeRequest(int targetBytes) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":32000,\"stream\":true,")
        .append("\"metadata\":{\"user_id\":\"user_abc_account_123_session_456\"},")
        .append("\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, a coding assistant.\",\"cache_control\":{\"type\":\"ephemeral\"}}],")
        .append("\"tools\":[");
    for (int t = 0; t < 20; t++) {
      if (t > 0) sb.append(',');
      sb.append("{\"name\":\"tool_").append(t).append("\",\"description\":\"Does thing number ").append(t)
          .append(".\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":\"A file path\"},")
          .append("\"title\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"path\"]}}");
    }
    sb.append("],\"messages\":[");
    int turn = 0;
    do {
      if (turn > 0) sb.append(',');
      if (turn % 2 == 0) {
        sb.append("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Please look at file number ").append(turn)
            .append(" and explain what \\\"it\\\" does. ").append("Lorem ipsum dolor sit amet. ".repeat(10)).append("\"}]}");
      } else {
        sb.append("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me read it.\"},{\"type\":\"tool_use\",")
            .append("\"id\":\"toolu_").append(turn).append("\",\"name\":\"tool_1\",\"input\":{\"path\":\"src/Main").append(turn)
            .append(".java\"}}]}");
      }
      turn++;
    } while (sb.length() < targetBytes || turn < 50 && targetBytes > 1);
    if (turn % 2 == 0) {
      sb.append(",{\"role\":\"user\",\"content\":\"continue\"}");
    }
    sb.append("]}");
    return sb.toString();
  }

  /** A Claude stream of {@code deltas} text deltas. */
  static String claudeStream(int deltas) {
    StringBuilder sb = new StringBuilder();
    sb.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",")
        .append("\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,")
        .append("\"usage\":{\"input_tokens\":2095,\"output_tokens\":1,\"cache_read_input_tokens\":1800}}}\n\n")
        .append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    for (int i = 0; i < deltas; i++) {
      sb.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",")
          .append("\"text\":\"token ").append(i).append(" of the answer \"}}\n\n");
    }
    sb.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n")
        .append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},")
        .append("\"usage\":{\"output_tokens\":").append(deltas).append("}}\n\n")
        .append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return sb.toString();
  }
}
