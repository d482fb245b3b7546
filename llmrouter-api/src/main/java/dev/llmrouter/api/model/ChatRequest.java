package dev.llmrouter.api.model;

import dev.llmrouter.api.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request in the common model: what every protocol codec decodes a client request into and
 * encodes an upstream request from. Optional members are null when the client did not give them
 * (so a temperature of 0 is kept and told apart from none). Immutable and thread-safe; build with
 * {@link #builder()}.
 *
 * @param model the requested model, or null when the protocol carries it outside the body (Gemini)
 * @param system system instructions as text parts, in order (empty when none)
 * @param messages the conversation, in order
 * @param tools the functions the model may call (empty when none)
 * @param toolChoice whether and which tools the model must call, or null
 * @param maxTokens the output token limit, or null
 * @param temperature the sampling temperature, or null
 * @param topP nucleus sampling, or null
 * @param topK top-k sampling, or null
 * @param stopSequences empty when none
 * @param stream whether the client asked for a streamed answer
 * @param user the end-user id (Anthropic {@code metadata.user_id}, OpenAI {@code user})
 * @param metadata string metadata (OpenAI Responses), empty when none
 * @param reasoning the client's reasoning settings, or null
 * @param parallelToolCalls OpenAI {@code parallel_tool_calls}, or null
 * @param store OpenAI Responses {@code store}, or null
 * @param previousResponseId OpenAI Responses chaining; left to the caller, never resolved here
 * @param responseFormat structured output, in the shape of an OpenAI Responses {@code text.format}
 *     ({@code {"type": "json_schema", "name", "schema", "strict"}} or {@code {"type": "json_object"}}),
 *     or null for text
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
    String previousResponseId,
    JsonObject responseFormat) {

  /**
   * Copies the lists and the metadata map, so the request never changes with its arguments.
   *
   * @param model the requested model, or null when the protocol carries it outside the body (Gemini)
   * @param system system instructions as text parts, in order (empty when none)
   * @param messages the conversation, in order
   * @param tools the functions the model may call (empty when none)
   * @param toolChoice whether and which tools the model must call, or null
   * @param maxTokens the output token limit, or null
   * @param temperature the sampling temperature, or null
   * @param topP nucleus sampling, or null
   * @param topK top-k sampling, or null
   * @param stopSequences empty when none
   * @param stream whether the client asked for a streamed answer
   * @param user the end-user id (Anthropic {@code metadata.user_id}, OpenAI {@code user})
   * @param metadata string metadata (OpenAI Responses), empty when none
   * @param reasoning the client's reasoning settings, or null
   * @param parallelToolCalls OpenAI {@code parallel_tool_calls}, or null
   * @param store OpenAI Responses {@code store}, or null
   * @param previousResponseId OpenAI Responses chaining; left to the caller, never resolved here
   * @param responseFormat structured output as a Responses {@code text.format}, or null (a copy)
   * @throws NullPointerException when a list or the map is null, or a list holds null
   */
  public ChatRequest {
    responseFormat = responseFormat == null ? null : responseFormat.copy();
    system = List.copyOf(system);
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    stopSequences = List.copyOf(stopSequences);
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** {@return a new empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this request's values} */
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
    b.responseFormat = responseFormat;
    return b;
  }

  /** {@return the system text parts joined by newlines, or null when there are none} */
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

  /**
   * Builds a {@link ChatRequest}. Not thread-safe; {@link #build()} copies, so reuse is safe. Each
   * setter returns this builder and takes null for "not given" where the component allows it.
   */
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
    private JsonObject responseFormat;

    private Builder() {}

    /**
     * Sets the model.
     *
     * @param v the model
     * @return this builder
     */
    public Builder model(String v) { model = v; return this; }
    /**
     * Appends a system part.
     *
     * @param v the part
     * @return this builder
     */
    public Builder addSystem(ContentPart v) { system.add(v); return this; }
    /**
     * Replaces the system parts.
     *
     * @param v the parts, copied
     * @return this builder
     */
    public Builder system(List<? extends ContentPart> v) { system.clear(); system.addAll(v); return this; }
    /**
     * Appends a message.
     *
     * @param v the message
     * @return this builder
     */
    public Builder addMessage(Message v) { messages.add(v); return this; }
    /**
     * Replaces the messages.
     *
     * @param v the messages, copied
     * @return this builder
     */
    public Builder messages(List<Message> v) { messages.clear(); messages.addAll(v); return this; }
    /**
     * Appends a tool.
     *
     * @param v the tool
     * @return this builder
     */
    public Builder addTool(Tool v) { tools.add(v); return this; }
    /**
     * Sets the tool choice.
     *
     * @param v the choice, or null
     * @return this builder
     */
    public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
    /**
     * Sets the output token limit.
     *
     * @param v the limit, or null
     * @return this builder
     */
    public Builder maxTokens(Integer v) { maxTokens = v; return this; }
    /**
     * Sets the temperature.
     *
     * @param v the temperature, or null
     * @return this builder
     */
    public Builder temperature(Double v) { temperature = v; return this; }
    /**
     * Sets top-p.
     *
     * @param v the value, or null
     * @return this builder
     */
    public Builder topP(Double v) { topP = v; return this; }
    /**
     * Sets top-k.
     *
     * @param v the value, or null
     * @return this builder
     */
    public Builder topK(Integer v) { topK = v; return this; }
    /**
     * Appends a stop sequence.
     *
     * @param v the sequence
     * @return this builder
     */
    public Builder addStopSequence(String v) { stopSequences.add(v); return this; }
    /**
     * Sets the stream flag.
     *
     * @param v true for a streamed answer
     * @return this builder
     */
    public Builder stream(boolean v) { stream = v; return this; }
    /**
     * Sets the end-user id.
     *
     * @param v the id, or null
     * @return this builder
     */
    public Builder user(String v) { user = v; return this; }
    /**
     * Adds a metadata entry.
     *
     * @param k the key
     * @param v the value
     * @return this builder
     */
    public Builder putMetadata(String k, String v) { metadata.put(k, v); return this; }
    /**
     * Sets the reasoning settings.
     *
     * @param v the settings, or null
     * @return this builder
     */
    public Builder reasoning(Reasoning v) { reasoning = v; return this; }
    /**
     * Sets {@code parallel_tool_calls}.
     *
     * @param v the flag, or null
     * @return this builder
     */
    public Builder parallelToolCalls(Boolean v) { parallelToolCalls = v; return this; }
    /**
     * Sets {@code store}.
     *
     * @param v the flag, or null
     * @return this builder
     */
    public Builder store(Boolean v) { store = v; return this; }
    /**
     * Sets {@code previous_response_id}.
     *
     * @param v the id, or null
     * @return this builder
     */
    public Builder previousResponseId(String v) { previousResponseId = v; return this; }
    /**
     * Sets the structured-output format.
     *
     * @param v a Responses {@code text.format} of type {@code json_schema} or {@code json_object}, or null
     * @return this builder
     */
    public Builder responseFormat(JsonObject v) { responseFormat = v; return this; }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws NullPointerException when a list element is null
     */
    public ChatRequest build() {
      return new ChatRequest(model, system, messages, tools, toolChoice, maxTokens, temperature, topP,
          topK, stopSequences, stream, user, metadata, reasoning, parallelToolCalls, store,
          previousResponseId, responseFormat);
    }
  }
}
