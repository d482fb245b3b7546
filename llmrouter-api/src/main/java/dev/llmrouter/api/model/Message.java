package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/** One turn of a conversation. */
public record Message(Role role, List<ContentPart> content) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
  }

  public static Message of(Role role, ContentPart... parts) {
    return new Message(role, List.of(parts));
  }
}
