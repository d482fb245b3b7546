package dev.llmrouter.bench.jmh;

/**
 * A Messages request shaped like a Claude Code session in progress: two cached system blocks (the
 * second a long instruction text), 20 tools with long descriptions and JSON schemas, thinking
 * enabled, and a conversation of read-edit-run turns (assistant text, sometimes thinking, one tool
 * call; the user's tool result holding file contents or command output), cache control on the last
 * block.
 */
final class RequestFixtures {
  private static final String[] TOOLS = {"Task", "Bash", "Glob", "Grep", "LS", "ExitPlanMode", "Read", "Edit",
      "MultiEdit", "Write", "NotebookEdit", "WebFetch", "TodoWrite", "WebSearch", "BashOutput", "KillShell",
      "SlashCommand", "ListMcpResources", "ReadMcpResource", "AskUserQuestion"};

  private static final String CODE_LINE = "    if (request.headers().get(\"x-api-key\") == null) {\n"
      + "\treturn Response.status(401).entity(\"missing key\").build(); // caller's fault\n";

  private RequestFixtures() {}

  /**
   * A request with at least {@code minMessages} conversation messages that is at least
   * {@code targetBytes} long (more read-edit-run turns are added until it is).
   */
  static String claudeCode(int minMessages, int targetBytes) {
    StringBuilder sb = new StringBuilder(targetBytes + 16 * 1024);
    sb.append("{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":32000,\"stream\":true,")
        .append("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000},")
        .append("\"metadata\":{\"user_id\":\"user_8c1a5f0e2b7d4c9a93e1f6b2d0a4c8e7f1b3d5a7c9e1f3b5d7a9c1e3f5b7d9a1")
        .append("_account_5d2c8b1e-4f7a-4c3d-9e8b-1a2b3c4d5e6f_session_9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d\"},")
        .append("\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI for Claude.\",")
        .append("\"cache_control\":{\"type\":\"ephemeral\"}},{\"type\":\"text\",\"text\":")
        .append(q(instructions())).append(",\"cache_control\":{\"type\":\"ephemeral\"}}],\"tools\":[");
    for (int t = 0; t < TOOLS.length; t++) {
      if (t > 0) sb.append(',');
      tool(sb, TOOLS[t], t);
    }
    sb.append("],\"messages\":[");
    sb.append("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":")
        .append(q("<system-reminder>\nAs you answer the user's questions, you can use the following context:\n"
            + "# important-instruction-reminders\nDo what has been asked; nothing more, nothing less.\n"
            + "</system-reminder>\n"))
        .append("},{\"type\":\"text\",\"text\":")
        .append(q("The login endpoint returns 500 when the key header is missing. Find the cause and fix it, "
            + "then run the tests."))
        .append("}]}");
    int messages = 1;
    int turn = 0;
    while (true) {
      String tool = turn % 3 == 0 ? "Read" : turn % 3 == 1 ? "Edit" : "Bash";
      String id = "toolu_01" + String.format("%022d", turn);
      sb.append(",{\"role\":\"assistant\",\"content\":[");
      if (turn % 5 == 0) {
        sb.append("{\"type\":\"thinking\",\"thinking\":")
            .append(q("The handler dereferences the header before checking it. I should look at step " + turn
                + " and confirm which branch throws before changing anything."))
            .append(",\"signature\":\"ErUBCkYIBxgCIkB").append("x9Rq2ZkLm3Pv8wTy".repeat(8)).append("\"},");
      }
      sb.append("{\"type\":\"text\",\"text\":").append(q("Step " + turn + ": let me use " + tool + " on the handler."))
          .append("},{\"type\":\"tool_use\",\"id\":\"").append(id).append("\",\"name\":\"").append(tool)
          .append("\",\"input\":").append(input(tool, turn)).append("}]}");
      String result = tool.equals("Read") ? fileContents(turn)
          : tool.equals("Edit") ? "The file src/main/java/dev/app/LoginHandler.java has been updated."
          : "> Task :test\n\nLoginHandlerTest > missingKey() PASSED\nLoginHandlerTest > wrongKey() PASSED\n\nBUILD SUCCESSFUL in "
              + (turn % 9 + 2) + "s\n";
      sb.append(",{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"").append(id)
          .append("\",\"content\":").append(q(result)).append('}');
      messages += 2;
      turn++;
      if (messages >= minMessages && sb.length() >= targetBytes) break;
      sb.append("]}");
    }
    // The last user message answers the last tool call and asks the next question.
    sb.append(",{\"type\":\"text\",\"text\":\"Good. Now summarise what you changed.\",")
        .append("\"cache_control\":{\"type\":\"ephemeral\"}}]}]}");
    return sb.toString();
  }

  private static String instructions() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      sb.append("# Rule ").append(i).append("\nIMPORTANT: When you make changes, first understand the file's code")
          .append(" conventions. Mimic code style, use existing libraries and utilities, and follow existing patterns.")
          .append(" Never assume that a given library is available. Use the \"TodoWrite\" tool to plan tasks.\n\n");
    }
    return sb.toString();
  }

  private static void tool(StringBuilder sb, String name, int t) {
    StringBuilder desc = new StringBuilder("Use the ").append(name).append(" tool when the task needs it.\n\nUsage:\n");
    for (int i = 0; i < 6 + t % 5; i++) {
      desc.append("- Rule ").append(i).append(": the ").append(name).append(" tool must be given absolute paths, ")
          .append("and it is always better to batch several independent calls in one message.\n");
    }
    sb.append("{\"name\":\"").append(name).append("\",\"description\":").append(q(desc.toString()))
        .append(",\"input_schema\":{\"type\":\"object\",\"properties\":{")
        .append("\"file_path\":{\"type\":\"string\",\"description\":\"The absolute path to the file\"},")
        .append("\"pattern\":{\"type\":\"string\",\"description\":\"The pattern to search for\"},")
        .append("\"limit\":{\"type\":\"number\",\"description\":\"The number of lines to read\"},")
        .append("\"mode\":{\"type\":\"string\",\"enum\":[\"content\",\"files_with_matches\",\"count\"]},")
        .append("\"edits\":{\"type\":\"array\",\"minItems\":1,\"items\":{\"type\":\"object\",\"properties\":{")
        .append("\"old_string\":{\"type\":\"string\"},\"new_string\":{\"type\":\"string\"}},")
        .append("\"required\":[\"old_string\",\"new_string\"],\"additionalProperties\":false}}},")
        .append("\"required\":[\"file_path\"],\"additionalProperties\":false,")
        .append("\"$schema\":\"http://json-schema.org/draft-07/schema#\"}}");
  }

  private static String input(String tool, int turn) {
    switch (tool) {
      case "Read":
        return "{\"file_path\":\"/home/dev/project/src/main/java/dev/app/Handler" + turn + ".java\"}";
      case "Edit":
        return "{\"file_path\":\"/home/dev/project/src/main/java/dev/app/LoginHandler.java\","
            + "\"old_string\":\"String key = request.headers().get(\\\"x-api-key\\\").trim();\","
            + "\"new_string\":\"String key = request.headers().get(\\\"x-api-key\\\");\\nif (key == null) return unauthorized();\"}";
      default:
        return "{\"command\":\"./gradlew test --tests LoginHandlerTest\",\"description\":\"Run the handler tests\"}";
    }
  }

  private static String fileContents(int turn) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      sb.append(String.format("%6d", i)).append('\u2192').append(i == 1 ? "package dev.app; // file " + turn + "\n" : CODE_LINE);
    }
    return sb.toString();
  }

  /** A JSON string literal. */
  static String q(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\t': sb.append("\\t"); break;
        default: sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
