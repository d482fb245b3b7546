package dev.llmrouter.api.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request in the common model: what every protocol codec decodes a client request into and
 * encodes an upstream request from. Optional members are null when the client did not give them
 * (so a temperature of 0 is kept and told apart from none). Immutable; build with {@link #builder()}.
 *
 * @param system system instructions as text parts, in order (empty when none)
 * @param stopSequences empty when none
 * @param user the end-user id (Anthropic {@code metadata.user_id}, OpenAI {@code user})
 * @param metadata string metadata (OpenAI Responses), empty when none
 * @param previousResponseId OpenAI Responses chaining; left to the caller, never resolved here
 */
public record ChatRequest(
    String model,
    List<ContentPart> system,
    List<Message> messages,
    List<Tool> tools,
    ToolChoice toolChoice,
    Integer maxTokens,
    Double temperature,
    Double topP,
    Integer topK,
    List<String> stopSequences,
    boolean stream,
    String user,
    Map<String, String> metadata,
    Reasoning reasoning,
    Boolean parallelToolCalls,
    Boolean store,
    String previousResponseId) {

  public ChatRequest {
    system = List.copyOf(system);
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    stopSequences = List.copyOf(stopSequences);
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.system.addAll(system);
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.stopSequences.addAll(stopSequences);
    b.stream = stream;
    b.user = user;
    b.metadata.putAll(metadata);
    b.reasoning = reasoning;
    b.parallelToolCalls = parallelToolCalls;
    b.store = store;
    b.previousResponseId = previousResponseId;
    return b;
  }

  /** The system text parts joined by newlines, or null when there are none. */
  public String systemText() {
    if (system.isEmpty()) return null;
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : system) {
      if (p instanceof ContentPart.Text t) {
        if (sb.length() > 0) sb.append('\n');
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** Builds a {@link ChatRequest}. Not thread-safe; {@link #build()} copies, so reuse is safe. */
  public static final class Builder {
    private String model;
    private final List<ContentPart> system = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private Integer maxTokens;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private final List<String> stopSequences = new ArrayList<>();
    private boolean stream;
    private String user;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Reasoning reasoning;
    private Boolean parallelToolCalls;
    private Boolean store;
    private String previousResponseId;

    private Builder() {}

    public Builder model(String v) { model = v; return this; }
    public Builder addSystem(ContentPart v) { system.add(v); return this; }
    public Builder system(List<? extends ContentPart> v) { system.clear(); system.addAll(v); return this; }
    public Builder addMessage(Message v) { messages.add(v); return this; }
    public Builder messages(List<Message> v) { messages.clear(); messages.addAll(v); return this; }
    public Builder addTool(Tool v) { tools.add(v); return this; }
    public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
    public Builder maxTokens(Integer v) { maxTokens = v; return this; }
    public Builder temperature(Double v) { temperature = v; return this; }
    public Builder topP(Double v) { topP = v; return this; }
    public Builder topK(Integer v) { topK = v; return this; }
    public Builder addStopSequence(String v) { stopSequences.add(v); return this; }
    public Builder stream(boolean v) { stream = v; return this; }
    public Builder user(String v) { user = v; return this; }
    public Builder putMetadata(String k, String v) { metadata.put(k, v); return this; }
    public Builder reasoning(Reasoning v) { reasoning = v; return this; }
    public Builder parallelToolCalls(Boolean v) { parallelToolCalls = v; return this; }
    public Builder store(Boolean v) { store = v; return this; }
    public Builder previousResponseId(String v) { previousResponseId = v; return this; }

    public ChatRequest build() {
      return new ChatRequest(model, system, messages, tools, toolChoice, maxTokens, temperature, topP,
          topK, stopSequences, stream, user, metadata, reasoning, parallelToolCalls, store,
          previousResponseId);
    }
  }
}
