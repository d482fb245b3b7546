package dev.llmrouter.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code NAME=value} lines, {@code #} comments, optional {@code export},
 * single or double quotes around the value.
 */
public final class DotEnv {
  private DotEnv() {}

  /** The variables of a file, or an empty map when it does not exist. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) return out;
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).strip();
      int eq = line.indexOf('=');
      if (eq <= 0) continue;
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
          || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      } else {
        int hash = value.indexOf(" #");
        if (hash >= 0) value = value.substring(0, hash).strip();
      }
      out.put(name, value);
    }
    return out;
  }

  /** The process environment over the file: variables already set win. */
  public static Map<String, String> merge(Map<String, String> environment, Map<String, String> file) {
    Map<String, String> out = new LinkedHashMap<>(file);
    out.putAll(environment);
    return out;
  }
}
