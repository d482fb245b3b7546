package dev.llmrouter.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.convert.Converters;
import dev.llmrouter.examples.FailoverExample;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.redis.RedisBackend;
import dev.llmrouter.scheduler.Router;
import dev.llmrouter.server.RouterServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module fence: the main code of a module uses another module only through that module's API
 * packages, and never through an {@code internal} package. The table below is the API of each
 * module; ARCHITECTURE.md shows the same table. This module (llmrouter-bench) sees the main classes
 * of every module, examples included, so the one rule here covers them all. Test classes are not
 * checked: a test may reach into the internals of the module it tests.
 */
@AnalyzeClasses(locations = ModuleFenceTest.ModuleLocations.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleFenceTest {
  /**
   * Each module: a class of its main code (the jar or classes folder it comes from is where the
   * module's classes are read), its root package (every main class of the module lies under it)
   * and the packages that other modules may use: a package listed is API, its subpackages too when
   * it ends in {@code ..}. A package named {@code internal}, or under one, is never API.
   */
  static final List<Module> MODULES = List.of(
      new Module("llmrouter-api", Protocol.class, "dev.llmrouter.api", Set.of("dev.llmrouter.api..")),
      new Module("llmrouter-convert", Converters.class, "dev.llmrouter.convert",
          Set.of("dev.llmrouter.convert", "dev.llmrouter.convert.tokens", "dev.llmrouter.convert.usage")),
      new Module("llmrouter-providers", Providers.class, "dev.llmrouter.providers", Set.of("dev.llmrouter.providers")),
      new Module("llmrouter-scheduler", Router.class, "dev.llmrouter.scheduler",
          Set.of("dev.llmrouter.scheduler", "dev.llmrouter.scheduler.metrics")),
      new Module("llmrouter-redis", RedisBackend.class, "dev.llmrouter.redis", Set.of("dev.llmrouter.redis")),
      new Module("llmrouter-server", RouterServer.class, "dev.llmrouter.server", Set.of("dev.llmrouter.server")),
      new Module("examples", FailoverExample.class, "dev.llmrouter.examples", Set.of()),
      new Module("llmrouter-bench", BenchMain.class, "dev.llmrouter.bench", Set.of()));

  /** The published modules, whose API the baseline check guards. */
  static final Set<String> LIBRARIES = Set.of("llmrouter-api", "llmrouter-convert", "llmrouter-providers",
      "llmrouter-scheduler", "llmrouter-redis", "llmrouter-server");

  /**
   * Named exceptions: a main class (top-level name) that may use these classes of another module
   * although they are not API. Each says why. An entry that is no longer needed fails the test, so
   * the list stays exact: delete it then.
   */
  static final Map<String, Set<String>> EXCEPTIONS = Map.of(
      // Microbenchmarks of the parts themselves (the passthrough reader and watcher, the id source
      // the codecs are given, the stream validators that check a converted stream): llmrouter-bench
      // is not published and nothing depends on it.
      "dev.llmrouter.bench.jmh.PassthroughStreamBench", Set.of(
          "dev.llmrouter.providers.internal.SseReader",
          "dev.llmrouter.providers.internal.ClaudeStreamWatcher"),
      "dev.llmrouter.bench.jmh.StreamCodecBench", Set.of(
          "dev.llmrouter.providers.internal.SseReader",
          "dev.llmrouter.providers.internal.Ids"),
      "dev.llmrouter.bench.jmh.RequestCodecBench", Set.of(
          "dev.llmrouter.providers.internal.Ids"),
      // The history writer's benchmark: the store the server writes with, and the request ids the
      // server makes, whose order decides where the request log's index is written.
      "dev.llmrouter.bench.load.HistoryBench", Set.of(
          "dev.llmrouter.server.history.SqliteHistoryStore",
          "dev.llmrouter.server.logging.AccessLog"));

  @ArchTest
  static void modulesUseEachOtherOnlyThroughTheirApi(JavaClasses classes) {
    Set<String> usedExceptions = ConcurrentHashMap.newKeySet();
    classes().should(useOtherModulesOnlyThroughTheirApi(usedExceptions))
        .because("a module's internals may change without notice (ARCHITECTURE.md, \"What each module may use\")")
        .check(classes);
    EXCEPTIONS.forEach((origin, targets) -> {
      for (String target : targets) {
        if (!usedExceptions.contains(origin + " -> " + target)) {
          throw new AssertionError("The exception " + origin + " -> " + target + " is no longer needed: delete it");
        }
      }
    });
  }

  @ArchTest
  static void everyModuleIsReadAndHoldsOnlyItsRootPackage(JavaClasses classes) {
    for (Module m : MODULES) {
      if (!classes.contain(m.anchor())) throw new AssertionError(m.name() + ": its classes were not read");
    }
    for (JavaClass c : classes) {
      if (moduleOf(c.getPackageName()) == null) {
        throw new AssertionError(c.getName() + " lies outside every module's root package");
      }
    }
  }

  /**
   * Every module's jar names its module for the module path: {@code Automatic-Module-Name} is the
   * module's root package. Where the classes come from a folder (a build that stops before
   * {@code package}), the module's pom must set the property the jar plugin writes it from.
   */
  @ArchTest
  static void everyJarHasItsAutomaticModuleName(JavaClasses ignored) throws IOException, URISyntaxException {
    for (Module m : MODULES) {
      Path location = Path.of(m.anchor().getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        try (JarFile jar = new JarFile(location.toFile())) {
          String name = jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
          if (!m.root().equals(name)) {
            throw new AssertionError(location + ": Automatic-Module-Name is " + name + ", not " + m.root());
          }
        }
      } else {
        Path pom = location.resolve("../../pom.xml").normalize();
        String property = "<automatic.module.name>" + m.root() + "</automatic.module.name>";
        if (!Files.readString(pom).contains(property)) throw new AssertionError(pom + " lacks " + property);
      }
    }
  }

  /**
   * The API baseline check (japicmp, root pom.xml) leaves out exactly the packages of the library
   * modules that are not API, so the table here and the plugin's excludes cannot drift apart.
   */
  @ArchTest
  static void theApiBaselineChecksExactlyTheApiPackages(JavaClasses classes) throws IOException {
    Set<String> excluded = new TreeSet<>();
    Matcher m = Pattern.compile("<exclude>([^<]+)</exclude>").matcher(Files.readString(Path.of("..", "pom.xml")));
    while (m.find()) excluded.add(m.group(1));
    Set<String> notApi = new TreeSet<>();
    for (JavaClass c : classes) {
      Module module = moduleOf(c.getPackageName());
      if (module != null && LIBRARIES.contains(module.name()) && !module.isApi(c.getPackageName())) {
        notApi.add(c.getPackageName());
      }
    }
    if (!excluded.equals(notApi)) {
      throw new AssertionError("japicmp's <exclude>s in pom.xml " + excluded
          + " differ from the library packages that are not API " + notApi);
    }
  }

  @ArchTest
  static void noApiPackageIsInternal(JavaClasses ignored) {
    for (Module m : MODULES) {
      for (String p : m.api()) {
        if (!p.startsWith(m.root() + ".") && !p.equals(m.root())) {
          throw new AssertionError(m.name() + ": API package " + p + " lies outside " + m.root());
        }
        if (isInternal(p.replace("..", ""))) {
          throw new AssertionError(m.name() + ": an internal package cannot be API: " + p);
        }
      }
    }
  }

  static ArchCondition<JavaClass> useOtherModulesOnlyThroughTheirApi(Set<String> usedExceptions) {
    return new ArchCondition<>("use other modules only through their API packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Module own = moduleOf(origin.getPackageName());
        if (own == null) return;
        String top = topLevelName(origin.getName());
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          Module other = moduleOf(target.getPackageName());
          if (other == null || other == own || other.isApi(target.getPackageName())) continue;
          if (EXCEPTIONS.getOrDefault(top, Set.of()).contains(target.getName())) {
            usedExceptions.add(top + " -> " + target.getName());
            continue;
          }
          events.add(SimpleConditionEvent.violated(d, own.name() + " uses " + other.name()
              + "'s non-API " + target.getName() + ": " + d.getDescription()));
        }
      }
    };
  }

  static Module moduleOf(String packageName) {
    for (Module m : MODULES) {
      if (packageName.equals(m.root()) || packageName.startsWith(m.root() + ".")) return m;
    }
    return null;
  }

  static String topLevelName(String className) {
    int dollar = className.indexOf('$');
    return dollar < 0 ? className : className.substring(0, dollar);
  }

  /** The jars or classes folders of the modules' main code, and nothing else of the class path. */
  static final class ModuleLocations implements LocationProvider {
    @Override
    public Set<Location> get(Class<?> testClass) {
      Set<Location> out = new LinkedHashSet<>();
      for (Module m : MODULES) {
        try {
          out.add(Location.of(m.anchor().getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException e) {
          throw new IllegalStateException(m.name() + ": no location", e);
        }
      }
      return out;
    }
  }

  record Module(String name, Class<?> anchor, String root, Set<String> api) {
    boolean isApi(String packageName) {
      if (isInternal(packageName)) return false;
      for (String p : api) {
        if (p.endsWith("..")) {
          String base = p.substring(0, p.length() - 2);
          if (packageName.equals(base) || packageName.startsWith(base + ".")) return true;
        } else if (packageName.equals(p)) {
          return true;
        }
      }
      return false;
    }
  }

  static boolean isInternal(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }
}
