package dev.llmrouter.api.model;

import java.util.Objects;
import java.util.Set;

/**
 * Why the model stopped: an open enum in Anthropic's vocabulary. Codecs map their protocol's known
 * values onto these constants; a value no codec knows survives unchanged (for example Gemini's
 * {@code RECITATION}).
 *
 * @param value the common value
 */
public record StopReason(String value) {
  public static final StopReason END_TURN = new StopReason("end_turn");
  public static final StopReason MAX_TOKENS = new StopReason("max_tokens");
  public static final StopReason STOP_SEQUENCE = new StopReason("stop_sequence");
  public static final StopReason TOOL_USE = new StopReason("tool_use");
  public static final StopReason PAUSE_TURN = new StopReason("pause_turn");
  /** The answer was withheld by a safety or content filter. */
  public static final StopReason REFUSAL = new StopReason("refusal");

  private static final Set<StopReason> KNOWN =
      Set.of(END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE, PAUSE_TURN, REFUSAL);

  public StopReason {
    Objects.requireNonNull(value, "value");
  }

  public static StopReason of(String value) {
    return value == null ? null : new StopReason(value);
  }

  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  @Override
  public String toString() {
    return value;
  }
}
