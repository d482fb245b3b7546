package dev.llmrouter.server.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's settings table, {@code reference.conf} and {@link Settings} name the same variables: the
 * lists are read from the files, so a setting added to one and not the others fails here.
 */
class SettingsDocsTest {
  private static final Path README = Path.of("../README.md");
  private static final Path REFERENCE = Path.of("src/main/resources/reference.conf");
  /** A comment that documents a setting: {@code # NAME: ...} or {@code # NAME / OTHER_NAME: ...}. */
  private static final Pattern REFERENCE_HEADER =
      Pattern.compile("^\\s*#\\s*([A-Z][A-Z0-9_]+(?:\\s*/\\s*[A-Z][A-Z0-9_]+)*):");
  private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

  /** The variables in the first cell of each row of README's settings table. */
  static Set<String> readmeVariables() throws IOException {
    Set<String> vars = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(README)) {
      if (line.startsWith("| variable | default | meaning |")) {
        inTable = true;
        continue;
      }
      if (!inTable) continue;
      if (!line.startsWith("|")) break;
      String firstCell = line.substring(1, line.indexOf('|', 1));
      Matcher m = VARIABLE.matcher(firstCell);
      while (m.find()) vars.add(m.group(1));
    }
    return vars;
  }

  /** The variables named in the comments of reference.conf. */
  static Set<String> referenceVariables() throws IOException {
    Set<String> vars = new TreeSet<>();
    for (String line : Files.readAllLines(REFERENCE)) {
      Matcher m = REFERENCE_HEADER.matcher(line);
      if (!m.find()) continue;
      for (String name : m.group(1).split("/")) vars.add(name.strip());
    }
    return vars;
  }

  @Test
  void readmeTableAndReferenceConfNameTheSameVariables() throws IOException {
    Set<String> readme = readmeVariables();
    Set<String> reference = referenceVariables();
    assertFalse(readme.isEmpty(), "no settings table found in README.md");
    Set<String> missingInReadme = new TreeSet<>(reference);
    missingInReadme.removeAll(readme);
    Set<String> missingInReference = new TreeSet<>(readme);
    missingInReference.removeAll(reference);
    assertTrue(missingInReadme.isEmpty(), "in reference.conf, not in README's table: " + missingInReadme);
    assertTrue(missingInReference.isEmpty(), "in README's table, not in reference.conf: " + missingInReference);
  }

  @Test
  void everyVariableSettingsReadsIsInReferenceConfWithADefault() throws IOException {
    Set<String> reference = referenceVariables();
    Set<String> read = new TreeSet<>(Settings.ENV.keySet());
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(reference);
    assertTrue(undocumented.isEmpty(), "read by Settings, not documented in reference.conf: " + undocumented);
    var defaults = ConfigFactory.parseFile(REFERENCE.toFile()).getConfig("llmrouter");
    for (Map.Entry<String, String> e : Settings.ENV.entrySet()) {
      assertTrue(defaults.hasPath(e.getValue()), e.getKey() + " has no default llmrouter." + e.getValue());
    }
  }
}
