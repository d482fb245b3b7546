package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Whether and which tools the model must call. Immutable.
 *
 * @param type {@code auto}, {@code none}, {@code any} (must call some tool) or {@code tool} (must
 *     call {@code name})
 * @param name the tool to call when {@code type} is {@code tool}, else null
 * @param disableParallel true when the client asked for at most one call, else null or false
 */
public record ToolChoice(String type, String name, Boolean disableParallel) {
  /** The model decides. */
  public static final String AUTO = "auto";
  /** The model must not call tools. */
  public static final String NONE = "none";
  /** The model must call some tool. */
  public static final String ANY = "any";
  /** The model must call the named tool. */
  public static final String TOOL = "tool";

  /**
   * Validates the choice.
   *
   * @param type {@code auto}, {@code none}, {@code any} (must call some tool) or {@code tool} (must
   *     call {@code name})
   * @param name the tool to call when {@code type} is {@code tool}, else null
   * @param disableParallel true when the client asked for at most one call, else null or false
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalArgumentException when {@code type} is {@code tool} and {@code name} is null
   */
  public ToolChoice {
    Objects.requireNonNull(type, "type");
    if (TOOL.equals(type) && name == null) throw new IllegalArgumentException("tool choice without a name");
  }

  /**
   * Returns a choice without a tool name or parallel flag.
   *
   * @param type {@code auto}, {@code none} or {@code any}
   * @return the choice
   * @throws IllegalArgumentException when {@code type} is {@code tool}
   */
  public static ToolChoice of(String type) {
    return new ToolChoice(type, null, null);
  }

  /**
   * Returns the choice that forces one tool.
   *
   * @param name the tool's name
   * @return the choice
   * @throws IllegalArgumentException when {@code name} is null
   */
  public static ToolChoice tool(String name) {
    return new ToolChoice(TOOL, name, null);
  }
}
