package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static dev.llmrouter.convert.TestSupport.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Claude Code's tool search on channels of other types. Claude Code 2.1.332 declares most of its
 * tools deferred ({@code defer_loading: true}, only named to the model) and loads them with its
 * {@code ToolSearch} tool, whose result holds {@code tool_reference} blocks; the next request
 * declares the loaded tools (still deferred) beside the others. The turn after a search, built on
 * the recorded first turn, converts for every other upstream type: the loaded tools are declared,
 * the unloaded deferred ones are not, and the references become the tools' definitions as text.
 */
class ClaudeToolSearchTest {
  private static final String WEB_FETCH_DESCRIPTION = "Fetches a URL and answers a question about its content.";

  /** The recorded first turn, then a ToolSearch call and its result loading WebFetch and TaskCreate. */
  private static JsonObject turnAfterSearch() {
    JsonObject body = Json.parseObject(new String(fixture("clients/claude-code-2.1.332-first-turn.json"),
        StandardCharsets.UTF_8)).getObject("body");
    JsonArray messages = body.getArray("messages");
    messages.add(Json.parseObject("{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01Search\","
        + "\"name\":\"ToolSearch\",\"input\":{\"query\":\"select:WebFetch,TaskCreate\",\"max_results\":5}}]}"));
    messages.add(Json.parseObject("{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
        + "\"tool_use_id\":\"toolu_01Search\",\"content\":[{\"type\":\"tool_reference\",\"tool_name\":\"WebFetch\"},"
        + "{\"type\":\"tool_reference\",\"tool_name\":\"TaskCreate\"}]},{\"type\":\"text\",\"text\":\"go on\"}]}"));
    JsonArray tools = body.getArray("tools");
    tools.add(Json.parseObject("{\"name\":\"WebFetch\",\"description\":\"" + WEB_FETCH_DESCRIPTION + "\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"},"
        + "\"prompt\":{\"type\":\"string\"}},\"required\":[\"url\",\"prompt\"]},\"defer_loading\":true}"));
    tools.add(Json.parseObject("{\"name\":\"TaskCreate\",\"description\":\"Creates a task.\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"subject\":{\"type\":\"string\"}}},"
        + "\"defer_loading\":true}"));
    tools.add(Json.parseObject("{\"name\":\"NotebookEdit\",\"description\":\"Edits a notebook cell.\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{}},\"defer_loading\":true}"));
    return body;
  }

  private static JsonObject convert(JsonObject body, Protocol upstream) {
    byte[] out = CONVERTER.request(Protocol.CLAUDE, upstream, Json.writeString(body).getBytes(StandardCharsets.UTF_8),
        context(true));
    return Json.parseObject(new String(out, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"OPENAI_CHAT", "GEMINI", "RESPONSES"})
  void aSearchResultLoadsItsToolsAndShowsTheirDefinitions(Protocol upstream) {
    JsonObject sent = convert(turnAfterSearch(), upstream);

    Set<String> declared = declaredTools(upstream, sent);
    assertTrue(declared.contains("ToolSearch"), declared.toString());
    assertTrue(declared.contains("WebFetch"), "a loaded deferred tool is declared: " + declared);
    assertTrue(declared.contains("TaskCreate"), "a loaded deferred tool is declared: " + declared);
    assertFalse(declared.contains("NotebookEdit"), "a deferred tool no reference loaded stays out: " + declared);
    assertFalse(declared.contains("DeferredToolPlaceholder"), "Claude Code's deferred placeholder stays out");
    // The recorded 11 tools that are not deferred, and the two loaded ones.
    assertEquals(13, declared.size(), declared.toString());

    // The two references in a row become one block of definitions in the search's result.
    List<String> blocks = new ArrayList<>();
    collectStrings(sent, s -> s.startsWith("<functions>"), blocks);
    assertEquals(1, blocks.size(), blocks.toString());
    String block = blocks.get(0);
    assertTrue(block.startsWith("<functions>\n<function>{\"description\":\"" + WEB_FETCH_DESCRIPTION
        + "\",\"name\":\"WebFetch\",\"parameters\":{\"type\":\"object\""), block);
    assertTrue(block.contains("\n<function>{\"description\":\"Creates a task.\",\"name\":\"TaskCreate\","), block);
    assertTrue(block.endsWith("</function>\n</functions>"), block);
    assertEquals(2, block.split("<function>", -1).length - 1, block);
    // The text after the result is kept.
    List<String> after = new ArrayList<>();
    collectStrings(sent, s -> s.equals("go on"), after);
    assertEquals(1, after.size());
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"OPENAI_CHAT", "GEMINI", "RESPONSES"})
  void theFirstTurnDeclaresNoDeferredTool(Protocol upstream) {
    JsonObject body = Json.parseObject(new String(fixture("clients/claude-code-2.1.332-first-turn.json"),
        StandardCharsets.UTF_8)).getObject("body");
    Set<String> declared = declaredTools(upstream, convert(body, upstream));
    assertEquals(11, declared.size(), declared.toString());
    assertFalse(declared.contains("DeferredToolPlaceholder"));
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"OPENAI_CHAT", "GEMINI", "RESPONSES"})
  void aReferenceToAToolTheRequestDoesNotDeclareNamesIt(Protocol upstream) {
    JsonObject body = Json.parseObject("{\"model\":\"m\",\"max_tokens\":100,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"find it\"},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"search\",\"input\":{}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\","
        + "\"content\":[{\"type\":\"tool_reference\",\"tool_name\":\"gone\"}]}]}],"
        + "\"tools\":[{\"name\":\"search\",\"input_schema\":{\"type\":\"object\"}}]}");
    JsonObject sent = convert(body, upstream);
    List<String> blocks = new ArrayList<>();
    collectStrings(sent, s -> s.startsWith("<functions>"), blocks);
    assertEquals(List.of("<functions>\n<function>{\"name\":\"gone\"}</function>\n</functions>"), blocks);
    assertEquals(Set.of("search"), declaredTools(upstream, sent));
  }

  /** The names of the functions a converted request declares. */
  private static Set<String> declaredTools(Protocol upstream, JsonObject sent) {
    Set<String> names = new LinkedHashSet<>();
    JsonArray tools = sent.getArray("tools");
    if (tools == null) return names;
    for (JsonValue v : tools) {
      JsonObject t = v.asObject();
      switch (upstream) {
        case OPENAI_CHAT:
          names.add(t.getObject("function").getString("name"));
          break;
        case GEMINI:
          for (JsonValue d : t.getArray("functionDeclarations")) names.add(d.asObject().getString("name"));
          break;
        default:
          names.add(t.getString("name"));
      }
    }
    return names;
  }

  private static void collectStrings(JsonValue v, java.util.function.Predicate<String> keep, List<String> out) {
    if (v instanceof JsonObject o) {
      for (JsonValue m : o.members().values()) collectStrings(m, keep, out);
    } else if (v instanceof JsonArray a) {
      for (JsonValue e : a) collectStrings(e, keep, out);
    } else if (v.asString() != null && keep.test(v.asString())) {
      out.add(v.asString());
    }
  }
}
