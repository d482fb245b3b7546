package dev.llmrouter.api.model;

import java.util.Objects;
import java.util.Set;

/**
 * Why the model stopped: an open enum in Anthropic's vocabulary. Codecs map their protocol's known
 * values onto these constants; a value no codec knows survives unchanged (for example Gemini's
 * {@code RECITATION}). Immutable.
 *
 * @param value the common value
 */
public record StopReason(String value) {
  /** The model finished its turn. */
  public static final StopReason END_TURN = new StopReason("end_turn");
  /** The output token limit was reached (also used when a stream was cut off mid-block). */
  public static final StopReason MAX_TOKENS = new StopReason("max_tokens");
  /** A stop sequence matched. */
  public static final StopReason STOP_SEQUENCE = new StopReason("stop_sequence");
  /** The model called one or more tools. */
  public static final StopReason TOOL_USE = new StopReason("tool_use");
  /** The model paused a long turn (Anthropic server tools). */
  public static final StopReason PAUSE_TURN = new StopReason("pause_turn");
  /** The answer was withheld by a safety or content filter. */
  public static final StopReason REFUSAL = new StopReason("refusal");

  private static final Set<StopReason> KNOWN =
      Set.of(END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE, PAUSE_TURN, REFUSAL);

  /**
   * Validates the reason.
   *
   * @param value the common value
   * @throws NullPointerException when {@code value} is null
   */
  public StopReason {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the reason for a value.
   *
   * @param value the common value, or null
   * @return the reason, or null for null
   */
  public static StopReason of(String value) {
    return value == null ? null : new StopReason(value);
  }

  /** {@return true for one of the constants of this class} */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  /** {@return the value} */
  @Override
  public String toString() {
    return value;
  }
}
