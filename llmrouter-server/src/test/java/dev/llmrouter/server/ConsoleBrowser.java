package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium driven through chromedriver, for the web console's tests. The
 * programs are found at {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or where
 * {@code CHROMIUM_BIN} and {@code CHROMEDRIVER_BIN} say); where either is missing the tests are
 * skipped with that reason. Selenium Manager is never asked to download anything: both paths are
 * given. Screenshots go to {@code target/console-screenshots}, and also to the directory named by
 * the system property {@code console.screenshots} (the README's pictures are made with
 * {@code -Dconsole.screenshots=../docs}).
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  private final Path profile;
  /** Browser log lines read so far that a test has not yet accepted. */
  private final List<String> severe = new ArrayList<>();

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  private static String chromium() {
    return System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
  }

  private static String chromedriver() {
    return System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
  }

  /** Why the browser cannot run here, or null when chromium and chromedriver are both present. */
  static String missing() {
    if (!Files.isExecutable(Path.of(chromium()))) {
      return "browser test skipped: no chromium at " + chromium() + " (apt-get install chromium, or set CHROMIUM_BIN)";
    }
    if (!Files.isExecutable(Path.of(chromedriver()))) {
      return "browser test skipped: no chromedriver at " + chromedriver()
          + " (apt-get install chromium-driver, or set CHROMEDRIVER_BIN)";
    }
    return null;
  }

  /** Skips the calling test, with the reason, when the browser cannot run here. */
  static void assumePresent() {
    String reason = missing();
    Assumptions.assumeTrue(reason == null, reason);
  }

  /** Starts the browser; call only when {@link #missing()} is null. */
  static ConsoleBrowser start() throws IOException {
    String chromium = chromium();
    String chromedriver = chromedriver();
    Path profile = Files.createTempDirectory("llmrouter-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,860", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver))
        .usingAnyFreePort()
        .build();
    return new ConsoleBrowser(new ChromeDriver(service, options), profile);
  }

  /**
   * Waits up to 30 seconds (the machine may be busy); an element redrawn meanwhile (the page
   * refreshes itself) is looked up again.
   */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    wait.pollingEvery(Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  <T> T until(Function<WebDriver, T> condition) {
    return waiting().until(condition);
  }

  WebElement find(String css) {
    return until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /**
   * Clicks the first displayed element matching {@code css}; when the page redraws it between the
   * look-up and the click (the console refreshes its tables by itself), it is looked up again.
   */
  void click(String css) {
    until(d -> {
      find(css).click();
      return true;
    });
  }

  /**
   * The text of the first displayed element matching {@code css}; when the page redraws it between
   * the look-up and the read (the console refreshes its tables by itself), it is looked up again.
   */
  String text(String css) {
    return until(d -> find(css).getText());
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a screenshot of the page as it is now. */
  void screenshot(String name) {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    try {
      Path dir = Path.of("target", "console-screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), png);
      String extra = System.getProperty("console.screenshots", "");
      if (!extra.isEmpty()) {
        Files.createDirectories(Path.of(extra));
        Files.write(Path.of(extra, name + ".png"), png);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that the browser logged no error since the last check, except lines matching
   * {@code allowed} (the 401 of a wrong key, the 400 of a refused edit, a refused connection while
   * the server restarts).
   */
  void assertNoErrors(Pattern allowed) {
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER).getAll()) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) severe.add(e.getMessage());
    }
    List<String> unexpected = new ArrayList<>();
    for (String line : severe) {
      if (allowed == null || !allowed.matcher(line).find()) unexpected.add(line);
    }
    severe.clear();
    assertTrue(unexpected.isEmpty(), "browser console errors: " + unexpected);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
