package dev.llmrouter.api.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one attempt's request conversion learned and the answer conversion needs: the types of the
 * tools the client declared that are not plain functions (so a call of the freeform tool
 * {@code apply_patch} goes back to the client as a {@code custom_tool_call}), and what the request
 * conversion left out (named to the client in the {@code x-llmrouter-dropped} header). One per
 * attempt, filled by the request conversion before the answer is read; not thread-safe.
 */
public final class ConversionNotes {
  private final Map<String, String> toolTypes = new HashMap<>();
  private final List<String> dropped = new ArrayList<>();
  private final Map<String, List<String>> namespaced = new HashMap<>();
  private boolean implicitCaching;
  private String answerTool;

  /**
   * Records the tool that an upstream without structured output is forced to call with the answer,
   * so its call goes back to the client as the answer's text.
   *
   * @param name the tool's name
   */
  public void answerTool(String name) {
    answerTool = name;
  }

  /** {@return the tool whose call is the structured answer, or null} */
  public String answerTool() {
    return answerTool;
  }

  /**
   * Records that the client's protocol caches prompt prefixes by itself (OpenAI Responses), so an
   * upstream that caches only at explicit breakpoints (Anthropic) should get them.
   */
  public void implicitCaching() {
    implicitCaching = true;
  }

  /** {@return true when the client relies on automatic prompt caching} */
  public boolean wantsCaching() {
    return implicitCaching;
  }

  /**
   * Records the type of a client tool that is not a plain function.
   *
   * @param name the tool's name as the upstream model will call it
   * @param type the client's tool type, such as {@code custom} or {@code tool_search}
   */
  public void toolType(String name, String type) {
    toolTypes.put(name, type);
  }

  /**
   * Returns the client's type of a tool the model called.
   *
   * @param name the called tool's name
   * @return the type recorded for it, or {@code function}
   */
  public String toolType(String name) {
    return toolTypes.getOrDefault(name, "function");
  }

  /**
   * Records a tool of an OpenAI Responses {@code namespace} (Codex's MCP tools), sent upstream under
   * one flat name.
   *
   * @param flatName the name the upstream model calls, {@code namespace__name}
   * @param namespace the namespace's name
   * @param name the tool's name inside the namespace
   */
  public void namespaced(String flatName, String namespace, String name) {
    namespaced.put(flatName, List.of(namespace, name));
  }

  /**
   * Returns the namespace and inner name of a flattened tool.
   *
   * @param flatName the name the model called
   * @return {@code [namespace, name]}, or null for a tool outside namespaces
   */
  public List<String> namespaceOf(String flatName) {
    return namespaced.get(flatName);
  }

  /**
   * Records something of the client's request that the upstream request leaves out.
   *
   * @param what the JSON path and what it held, such as {@code tools[9] (file_search)}
   */
  public void dropped(String what) {
    if (!dropped.contains(what)) dropped.add(what);
  }

  /** {@return what was left out, in order; empty when nothing was} */
  public List<String> dropped() {
    return List.copyOf(dropped);
  }
}
