package dev.llmrouter.api.model;

import dev.llmrouter.api.json.JsonValue;
import java.util.Objects;

/**
 * A function the model may call. Immutable as long as nobody mutates {@link #parameters()}.
 *
 * @param name the function name
 * @param description may be null
 * @param parameters the JSON schema of the arguments, carried untouched (a private copy; do not
 *     mutate what {@link #parameters()} returns), or null when the client gave none
 */
public record Tool(String name, String description, JsonValue parameters) {
  /**
   * Validates the tool and copies the schema.
   *
   * @param name the function name
   * @param description may be null
   * @param parameters the JSON schema of the arguments, carried untouched (a private copy; do not
   *     mutate what {@link #parameters()} returns), or null when the client gave none
   * @throws NullPointerException when {@code name} is null
   */
  public Tool {
    Objects.requireNonNull(name, "name");
    parameters = parameters == null ? null : parameters.copy();
  }
}
