package dev.llmrouter.api.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An immutable JSON number that keeps its original text, so {@code 1.0}, {@code 1e5} and integers
 * beyond 2^53 are written back exactly as they were read.
 *
 * @param text the number as written in JSON; the constructor checks only that it is not empty, so
 *     callers other than the parser must pass valid JSON number syntax
 */
public record JsonNumber(String text) implements JsonValue {
  /**
   * Validates the text.
   *
   * @param text the number as written in JSON; the constructor checks only that it is not empty, so
   *     callers other than the parser must pass valid JSON number syntax
   * @throws NullPointerException when {@code text} is null
   * @throws IllegalArgumentException when {@code text} is empty
   */
  public JsonNumber {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) throw new IllegalArgumentException("empty number");
  }

  /**
   * Returns the number for an integer.
   *
   * @param value the integer
   * @return the number, written in plain decimal
   */
  public static JsonNumber of(long value) {
    return new JsonNumber(Long.toString(value));
  }

  /**
   * Returns the number for a double: integral values below 1e15 are written without a fraction,
   * others in plain decimal notation (no exponent).
   *
   * @param value the value
   * @return the number
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   */
  public static JsonNumber of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a JSON number: " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return new JsonNumber(Long.toString((long) value));
    }
    return new JsonNumber(BigDecimal.valueOf(value).toPlainString());
  }

  /**
   * Returns the value as a long; a fraction is truncated.
   *
   * @return the value
   * @throws NumberFormatException when the text is not a number
   */
  public long longValue() {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return new BigDecimal(text).longValue();
    }
  }

  /**
   * Returns the nearest double.
   *
   * @return the value
   * @throws NumberFormatException when the text is not a number
   */
  public double doubleValue() {
    return Double.parseDouble(text);
  }

  @Override
  public JsonValue copy() {
    return this;
  }

  /** {@return the original text} */
  @Override
  public String toString() {
    return text;
  }
}
