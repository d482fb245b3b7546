package dev.llmrouter.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of the Prometheus text format 0.0.4, for tests: every line must be valid. */
final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})? "
          + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
  private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

  private PrometheusText() {}

  /**
   * Parses every sample into "name{labels}" (labels as written) to value.
   *
   * @throws IllegalArgumentException at the first line that is not valid
   */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty() || COMMENT.matcher(line).matches() || line.startsWith("# EOF")) continue;
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) throw new IllegalArgumentException("line " + n + " is not Prometheus text: " + line);
      String key = m.group(1) + (m.group(3) == null ? "" : "{" + m.group(3) + "}");
      String v = m.group(4);
      samples.put(key, v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY
          : Double.parseDouble(v));
    }
    return samples;
  }
}
