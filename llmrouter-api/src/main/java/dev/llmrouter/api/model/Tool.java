package dev.llmrouter.api.model;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import java.util.Objects;

/**
 * A tool the model may call: a function, or another tool type the client declared (an OpenAI
 * freeform {@code custom} tool, a client-executed {@code tool_search}, a hosted {@code web_search}
 * ...), kept with its declaration so that each upstream codec can send it natively, as a function,
 * or not at all. Immutable as long as nobody mutates {@link #parameters()} or {@link #declaration()}.
 *
 * @param name the function name (for a hosted tool without a name, its type)
 * @param description may be null
 * @param parameters the JSON schema of the arguments, carried untouched (a private copy; do not
 *     mutate what {@link #parameters()} returns), or null when the client gave none
 * @param declaration the client's own declaration of a tool that is not a plain function (a private
 *     copy), or null for a function
 */
public record Tool(String name, String description, JsonValue parameters, JsonObject declaration) {
  /** The type of a plain function tool. */
  public static final String FUNCTION = "function";
  /** The type of an OpenAI freeform tool, whose calls carry one raw string. */
  public static final String CUSTOM = "custom";

  /**
   * Returns a plain function tool.
   *
   * @param name the function name
   * @param description may be null
   * @param parameters the JSON schema of the arguments, or null
   * @throws NullPointerException when {@code name} is null
   */
  public Tool(String name, String description, JsonValue parameters) {
    this(name, description, parameters, null);
  }

  /**
   * Validates the tool and copies the schema.
   *
   * @param name the function name
   * @param description may be null
   * @param parameters the JSON schema of the arguments, carried untouched (a private copy; do not
   *     mutate what {@link #parameters()} returns), or null when the client gave none
   * @param declaration the client's declaration of a tool that is not a plain function, or null
   * @throws NullPointerException when {@code name} is null
   */
  public Tool {
    Objects.requireNonNull(name, "name");
    parameters = parameters == null ? null : parameters.copy();
    declaration = declaration == null ? null : declaration.copy();
  }

  /** {@return the tool's type: {@code function}, {@code custom}, or another type the client named} */
  public String type() {
    return declaration == null ? FUNCTION : declaration.getString("type", FUNCTION);
  }

  /**
   * Tells whether the client runs this tool itself: a function, a freeform tool, or another type
   * that declares parameters or {@code "execution": "client"}. Other tools are hosted by a vendor.
   *
   * @return true for a client-executed tool
   */
  public boolean clientExecuted() {
    if (declaration == null) return true;
    String type = type();
    return type.equals(FUNCTION) || type.equals(CUSTOM) || parameters != null
        || "client".equals(declaration.getString("execution"));
  }
}
