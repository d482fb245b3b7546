package dev.llmrouter.api.model;

import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete (non-streamed) answer in the common model. Immutable and thread-safe; build with
 * {@link #builder()}.
 *
 * @param id the upstream's id (a converted answer gets a fresh one on the way out)
 * @param model the model that answered, as the upstream named it
 * @param content the answer's parts, in order
 * @param stopReason null when the upstream gave none
 * @param stopSequence the stop sequence that matched, or null
 * @param usage null when the upstream reported none
 */
public record ChatResponse(
    String id, String model, List<ContentPart> content, StopReason stopReason, String stopSequence, Usage usage) {

  /**
   * Copies the content list.
   *
   * @param id the upstream's id (a converted answer gets a fresh one on the way out)
   * @param model the model that answered, as the upstream named it
   * @param content the answer's parts, in order
   * @param stopReason null when the upstream gave none
   * @param stopSequence the stop sequence that matched, or null
   * @param usage null when the upstream reported none
   * @throws NullPointerException when {@code content} is null or holds null
   */
  public ChatResponse {
    content = List.copyOf(content);
  }

  /** {@return a new empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this answer's values} */
  public Builder toBuilder() {
    Builder b = new Builder().id(id).model(model).stopReason(stopReason).stopSequence(stopSequence).usage(usage);
    b.content.addAll(content);
    return b;
  }

  /** {@return true when any part is a tool call} */
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

    /**
     * Sets the id.
     *
     * @param v the id
     * @return this builder
     */
    public Builder id(String v) { id = v; return this; }
    /**
     * Sets the model.
     *
     * @param v the model
     * @return this builder
     */
    public Builder model(String v) { model = v; return this; }
    /**
     * Appends a part.
     *
     * @param v the part
     * @return this builder
     */
    public Builder addContent(ContentPart v) { content.add(v); return this; }
    /**
     * Sets the stop reason.
     *
     * @param v the reason, or null
     * @return this builder
     */
    public Builder stopReason(StopReason v) { stopReason = v; return this; }
    /**
     * Sets the matched stop sequence.
     *
     * @param v the sequence, or null
     * @return this builder
     */
    public Builder stopSequence(String v) { stopSequence = v; return this; }
    /**
     * Sets the usage.
     *
     * @param v the usage, or null
     * @return this builder
     */
    public Builder usage(Usage v) { usage = v; return this; }

    /**
     * Builds the answer.
     *
     * @return the answer
     * @throws NullPointerException when a part is null
     */
    public ChatResponse build() {
      return new ChatResponse(id, model, content, stopReason, stopSequence, usage);
    }
  }
}
