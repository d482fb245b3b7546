package dev.llmrouter.api.model;

import java.util.Objects;
import java.util.Set;

/**
 * The author of a message: an open enum, so a role no codec knows survives as its own value.
 *
 * @param value the wire value, lower case for the known roles
 */
public record Role(String value) {
  public static final Role USER = new Role("user");
  public static final Role ASSISTANT = new Role("assistant");
  public static final Role SYSTEM = new Role("system");
  public static final Role DEVELOPER = new Role("developer");
  /** A message that carries tool results (Chat's {@code tool} role). */
  public static final Role TOOL = new Role("tool");

  private static final Set<Role> KNOWN = Set.of(USER, ASSISTANT, SYSTEM, DEVELOPER, TOOL);

  public Role {
    Objects.requireNonNull(value, "value");
  }

  /** The role for a wire value; null gives null. */
  public static Role of(String value) {
    return value == null ? null : new Role(value);
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  /** True for system and developer instructions. */
  public boolean isInstruction() {
    return equals(SYSTEM) || equals(DEVELOPER);
  }

  @Override
  public String toString() {
    return value;
  }
}
