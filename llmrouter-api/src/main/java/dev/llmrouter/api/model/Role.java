package dev.llmrouter.api.model;

import java.util.Objects;
import java.util.Set;

/**
 * The author of a message: an open enum, so a role no codec knows survives as its own value.
 * Immutable.
 *
 * @param value the wire value, lower case for the known roles
 */
public record Role(String value) {
  /** The end user. */
  public static final Role USER = new Role("user");
  /** The model. */
  public static final Role ASSISTANT = new Role("assistant");
  /** System instructions. */
  public static final Role SYSTEM = new Role("system");
  /** Developer instructions (OpenAI's newer name for system). */
  public static final Role DEVELOPER = new Role("developer");
  /** A message that carries tool results (Chat's {@code tool} role). */
  public static final Role TOOL = new Role("tool");

  private static final Set<Role> KNOWN = Set.of(USER, ASSISTANT, SYSTEM, DEVELOPER, TOOL);

  /**
   * Validates the role.
   *
   * @param value the wire value
   * @throws NullPointerException when {@code value} is null
   */
  public Role {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the role for a wire value.
   *
   * @param value the wire value, or null
   * @return the role, or null for null
   */
  public static Role of(String value) {
    return value == null ? null : new Role(value);
  }

  /** {@return true for one of the constants of this class} */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  /** {@return true for system and developer instructions} */
  public boolean isInstruction() {
    return equals(SYSTEM) || equals(DEVELOPER);
  }

  /** {@return the wire value} */
  @Override
  public String toString() {
    return value;
  }
}
