package dev.llmrouter.api.model;

import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete (non-streamed) answer in the common model. Immutable; build with {@link #builder()}.
 *
 * @param id the upstream's id (a converted answer gets a fresh one on the way out)
 * @param stopReason null when the upstream gave none
 * @param stopSequence the stop sequence that matched, or null
 * @param usage null when the upstream reported none
 */
public record ChatResponse(
    String id, String model, List<ContentPart> content, StopReason stopReason, String stopSequence, Usage usage) {

  public ChatResponse {
    content = List.copyOf(content);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().id(id).model(model).stopReason(stopReason).stopSequence(stopSequence).usage(usage);
    b.content.addAll(content);
    return b;
  }

  /** True when any part is a tool call. */
  public boolean hasToolCalls() {
    for (ContentPart p : content) {
      if (p instanceof ContentPart.ToolCall) return true;
    }
    return false;
  }

  /** Builds a {@link ChatResponse}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private String id;
    private String model;
    private final List<ContentPart> content = new ArrayList<>();
    private StopReason stopReason;
    private String stopSequence;
    private Usage usage;

    private Builder() {}

    public Builder id(String v) { id = v; return this; }
    public Builder model(String v) { model = v; return this; }
    public Builder addContent(ContentPart v) { content.add(v); return this; }
    public Builder stopReason(StopReason v) { stopReason = v; return this; }
    public Builder stopSequence(String v) { stopSequence = v; return this; }
    public Builder usage(Usage v) { usage = v; return this; }

    public ChatResponse build() {
      return new ChatResponse(id, model, content, stopReason, stopSequence, usage);
    }
  }
}
