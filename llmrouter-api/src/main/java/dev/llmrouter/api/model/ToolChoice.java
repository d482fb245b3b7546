package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Whether and which tools the model must call.
 *
 * @param type {@code auto}, {@code none}, {@code any} (must call some tool) or {@code tool} (must
 *     call {@code name})
 * @param disableParallel true when the client asked for at most one call, else null or false
 */
public record ToolChoice(String type, String name, Boolean disableParallel) {
  public static final String AUTO = "auto";
  public static final String NONE = "none";
  public static final String ANY = "any";
  public static final String TOOL = "tool";

  public ToolChoice {
    Objects.requireNonNull(type, "type");
    if (TOOL.equals(type) && name == null) throw new IllegalArgumentException("tool choice without a name");
  }

  public static ToolChoice of(String type) {
    return new ToolChoice(type, null, null);
  }

  public static ToolChoice tool(String name) {
    return new ToolChoice(TOOL, name, null);
  }
}
