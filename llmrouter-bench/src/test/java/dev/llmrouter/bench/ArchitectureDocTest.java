package dev.llmrouter.bench;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ARCHITECTURE.md stays true: every class it names in backticks ({@code `Router`},
 * {@code `Router.route`}, {@code `Router.Builder`}) is a class of some module's main code (or a test of
 * this module), and every {@code dev.llmrouter} package it names exists.
 */
@AnalyzeClasses(locations = ModuleFenceTest.ModuleLocations.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureDocTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*");
  private static final Pattern PACKAGE = Pattern.compile("dev\\.llmrouter(?:\\.[a-z][a-z0-9]*)*");

  @ArchTest
  static void everyClassAndPackageNamedExists(JavaClasses classes) throws IOException {
    String doc = Files.readString(Path.of("..", "ARCHITECTURE.md"));
    Set<String> names = new HashSet<>();
    Set<String> packages = new HashSet<>();
    for (JavaClass c : classes) {
      names.add(c.getName().substring(c.getPackageName().length() + 1).replace('$', '.'));
      for (String p = c.getPackageName(); !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
        packages.add(p);
      }
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    Matcher m = CODE.matcher(doc);
    while (m.find()) {
      String token = m.group(1);
      if (PACKAGE.matcher(token).matches()) {
        checked++;
        if (!packages.contains(token)) missing.add("package " + token);
      } else if (CLASS.matcher(token).matches()) {
        checked++;
        if (!isClass(token, names)) missing.add("class " + token);
      }
    }
    if (checked < 20) throw new AssertionError("ARCHITECTURE.md names only " + checked + " classes and packages");
    if (!missing.isEmpty()) throw new AssertionError("ARCHITECTURE.md names what does not exist: " + missing);
  }

  /** {@code Outer}, {@code Outer.Inner} or {@code Outer.member}: the longest class prefix must exist. */
  private static boolean isClass(String token, Set<String> names) {
    String[] parts = token.split("\\.");
    String name = parts[0];
    if (!names.contains(name) && !isTestClass(name)) return false;
    for (int i = 1; i < parts.length && Character.isUpperCase(parts[i].charAt(0)); i++) {
      name = name + "." + parts[i];
      if (!names.contains(name)) return false;
    }
    return true;
  }

  private static boolean isTestClass(String simpleName) {
    try {
      Class.forName("dev.llmrouter.bench." + simpleName, false, ArchitectureDocTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
