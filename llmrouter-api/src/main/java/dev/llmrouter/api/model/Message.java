package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation. Immutable.
 *
 * @param role the author
 * @param content the parts, in order
 */
public record Message(Role role, List<ContentPart> content) {
  /**
   * Validates the message and copies the content list.
   *
   * @param role the author
   * @param content the parts, in order
   * @throws NullPointerException when {@code role} or {@code content} is null, or a part is null
   */
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  /**
   * Returns a message with the given parts.
   *
   * @param role the author
   * @param parts the parts, in order
   * @return the message
   * @throws NullPointerException when {@code role} or a part is null
   */
  public static Message of(Role role, ContentPart... parts) {
    return new Message(role, List.of(parts));
  }
}
