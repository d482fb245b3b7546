package dev.llmrouter.scheduler.metrics;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration grammar, as the original's query parameters used it: an optional sign, then one or
 * more {@code <decimal number><unit>} with units {@code ns}, {@code us} (or {@code µs}), {@code ms},
 * {@code s}, {@code m}, {@code h} ({@code 1h}, {@code 90m}, {@code 1.5h}, {@code 2h45m}); a bare
 * {@code 0} is allowed. And Go's {@code Duration.String()} format ({@code 24h0m0s}, {@code 1m30s},
 * {@code 500ms}). The one place the project reads and writes Go durations: the history API's
 * parameters and labels, and the scheduler's stats.
 */
public final class GoDurations {
  private GoDurations() {}

  /**
   * Parses a Go duration.
   *
   * @param text the duration text, such as {@code 1h30m}
   * @return the duration
   * @throws IllegalArgumentException when the text does not follow the grammar
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty duration");
    String s = text;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) return Duration.ZERO;
    if (s.isEmpty()) throw new IllegalArgumentException("invalid duration: " + text);
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw new IllegalArgumentException("invalid duration: " + text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') i++;
      long unit = unitNanos(s.substring(unitStart, i), text);
      nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("duration out of range: " + text);
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  private static long unitNanos(String unit, String text) {
    switch (unit) {
      case "ns": return 1L;
      case "us":
      case "\u00b5s":
      case "\u03bcs": return 1_000L;
      case "ms": return 1_000_000L;
      case "s": return 1_000_000_000L;
      case "m": return 60_000_000_000L;
      case "h": return 3_600_000_000_000L;
      default: throw new IllegalArgumentException(unit.isEmpty() ? "missing unit in duration: " + text
          : "unknown unit " + unit + " in duration: " + text);
    }
  }

  /**
   * Formats like Go's {@code Duration.String()}: {@code 1h0m0s}, {@code 1m30s}, {@code 1.5s} and,
   * below one second, {@code 500ms}, {@code 1.5µs}, {@code 7ns}.
   *
   * @param d the duration
   * @return the text
   */
  public static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) return "0s";
    StringBuilder sb = new StringBuilder();
    if (n < 0) sb.append('-');
    long u = Math.abs(n);
    if (u < 1_000L) return sb.append(u).append("ns").toString();
    if (u < 1_000_000L) return sb.append(fraction(u, 1_000L)).append("\u00b5s").toString();
    if (u < 1_000_000_000L) return sb.append(fraction(u, 1_000_000L)).append("ms").toString();
    long hours = u / 3_600_000_000_000L;
    long rest = u % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    long secondsNanos = rest % 60_000_000_000L;
    if (hours > 0) sb.append(hours).append('h');
    if (hours > 0 || minutes > 0) sb.append(minutes).append('m');
    return sb.append(fraction(secondsNanos, 1_000_000_000L)).append('s').toString();
  }

  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long frac = value % unit;
    if (frac == 0) return Long.toString(whole);
    String digits = Long.toString(unit + frac).substring(1);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') end--;
    return whole + "." + digits.substring(0, end);
  }
}
