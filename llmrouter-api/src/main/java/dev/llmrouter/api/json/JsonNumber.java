package dev.llmrouter.api.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An immutable JSON number that keeps its original text, so {@code 1.0}, {@code 1e5} and integers
 * beyond 2^53 are written back exactly as they were read.
 */
public record JsonNumber(String text) implements JsonValue {
  public JsonNumber {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) throw new IllegalArgumentException("empty number");
  }

  public static JsonNumber of(long value) {
    return new JsonNumber(Long.toString(value));
  }

  public static JsonNumber of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a JSON number: " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return new JsonNumber(Long.toString((long) value));
    }
    return new JsonNumber(BigDecimal.valueOf(value).toPlainString());
  }

  public long longValue() {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return new BigDecimal(text).longValue();
    }
  }

  public double doubleValue() {
    return Double.parseDouble(text);
  }

  @Override
  public JsonValue copy() {
    return this;
  }

  @Override
  public String toString() {
    return text;
  }
}
