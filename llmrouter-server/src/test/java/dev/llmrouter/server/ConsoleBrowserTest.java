package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser against a real server whose upstreams are MockWebServers. The
 * tests share one browser and one server and run in order: each starts from the state the one
 * before left. Every admin operation of the API is done here from the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final String KEY = ConsoleFixture.KEY;
  private static final String ADDED_KEY = "sk-ant-api03-console-added-key-987654321";
  private static final Pattern NONE = null;

  private ConsoleFixture fx;
  private ConsoleBrowser browser;
  private String base;
  /** Browser errors a test expects (a refused key, a refused edit); null for none. */
  private Pattern expectedErrors = NONE;

  @BeforeAll
  void start() throws Exception {
    // Without chromium each test reports itself skipped with the reason (see skipWithoutABrowser).
    if (ConsoleBrowser.missing() != null) return;
    fx = new ConsoleFixture();
    base = fx.base;
    browser = ConsoleBrowser.start();
  }

  @BeforeEach
  void skipWithoutABrowser() {
    ConsoleBrowser.assumePresent();
  }

  @AfterEach
  void noConsoleErrors() {
    if (browser != null) browser.assertNoErrors(expectedErrors);
    expectedErrors = NONE;
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (browser != null) browser.close();
    } finally {
      if (fx != null) fx.close();
    }
  }

  @Test
  @Order(1)
  void theKeyPromptRefusesAWrongKeyAndKeepsTheRightOneInTheTabOnly() {
    expectedErrors = Pattern.compile("status of 401");
    browser.driver.get(base + "/");
    browser.find("#access-key").sendKeys("not-the-key");
    browser.click("#login-submit");
    browser.until(d -> browser.text("#login-error").contains("refused"));
    assertTrue(browser.text("#login-error").contains("401"));
    assertFalse(browser.find("#login").getAttribute("hidden") != null);

    browser.find("#access-key").clear();
    browser.find("#access-key").sendKeys(KEY + Keys.ENTER);
    browser.find("#channel-table");
    assertEquals(KEY, browser.js("return sessionStorage.getItem('llmrouter.adminKey')"));
    assertTrue(browser.driver.manage().getCookies().isEmpty(), "no cookie");
    assertFalse(browser.driver.getCurrentUrl().contains(KEY), "the key is never in the URL");
  }

  @Test
  @Order(2)
  void theChannelListMatchesTheFileInRoutingOrder() throws IOException {
    browser.driver.get(base + "/#/channels/messages");
    browser.find("#channel-table tbody tr[data-id]");
    assertEquals(fx.idsByPriority("upstream"), rowIds());
    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) browser.js(
        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]");
    assertTrue(loaded.size() > 5, "the page, its modules and its API calls: " + loaded);
    for (String url : loaded) assertTrue(url.startsWith(base + "/"), "a request outside the server: " + url);
    String alpha = browser.text("tr[data-id='ch-alpha']");
    assertTrue(alpha.contains("Alpha"));
    assertTrue(alpha.contains("claude"));
    assertTrue(alpha.contains(fx.upstreamUrl()));
    assertFalse(browser.driver.getPageSource().contains("alpha-key-000011112222"), "keys are never whole in the page");

    browser.click("nav.kinds a[data-kind='gemini']");
    browser.find("#view-channels[data-kind='gemini'] tr[data-id='g-one']");
    assertEquals(fx.idsByPriority("geminiUpstream"), rowIds());
    browser.click("nav.kinds a[data-kind='responses']");
    assertTrue(browser.text("#view-channels[data-kind='responses'] .empty").contains("No channels"));
    browser.click("nav.kinds a[data-kind='messages']");
    browser.find("#view-channels[data-kind='messages'] tr[data-id='ch-alpha']");
  }

  @Test
  @Order(3)
  void aValidationErrorIsShownAtItsFieldAndNothingIsWritten() throws IOException {
    expectedErrors = Pattern.compile("status of 400");
    String before = Files.readString(fx.file);
    browser.click("#add-channel");
    browser.find("#f-name").sendKeys("No URL");
    browser.find("#f-apiKeys").sendKeys("sk-ant-api03-nourl-key-1234567890");
    browser.click("#save-channel");
    browser.until(d -> !browser.text("#e-baseUrls").isEmpty());
    String error = browser.text("#e-baseUrls");
    assertTrue(error.contains("baseUrl"), error);
    assertEquals("true", browser.find("#f-baseUrls").getAttribute("aria-invalid"));
    assertEquals("", browser.text("#e-name"), "only the named field shows the error");
    assertEquals(before, Files.readString(fx.file));

    // An id the server refuses is shown at the id field.
    browser.find("#f-baseUrls").sendKeys("https://example.invalid");
    browser.find("#f-id").sendKeys("12345");
    browser.click("#save-channel");
    browser.until(d -> !browser.text("#e-id").isEmpty());
    assertTrue(browser.text("#e-id").contains("numeric"), browser.text("#e-id"));
    assertEquals(before, Files.readString(fx.file));
    browser.click("dialog[open] .modal-head button");
    assertFalse(browser.present("dialog[open]"));
  }

  @Test
  @Order(4)
  void addingAChannelWritesTheFile() throws IOException {
    browser.click("#add-channel");
    browser.find("#f-name").sendKeys("Delta");
    browser.find("#f-id").sendKeys("ch-delta");
    browser.find("#f-baseUrls").sendKeys("https://delta-1.example.com\nhttps://delta-2.example.com");
    browser.find("#f-apiKeys").sendKeys("sk-ant-api03-delta-key-000099990000");
    browser.find("#f-priority").sendKeys("9");
    browser.find("#f-weight").sendKeys("3");
    browser.find("#f-modelMapping").sendKeys("claude-haiku = claude-3-5-haiku");
    browser.find("#f-description").sendKeys("added from the console");
    browser.click("#save-channel");
    String row = browser.text("tr[data-id='ch-delta']");
    assertTrue(row.contains("Delta"));
    assertTrue(row.contains("delta-2.example.com"));
    JsonObject saved = fx.channel("upstream", "ch-delta");
    assertEquals("Delta", saved.getString("name"));
    assertEquals(List.of("https://delta-1.example.com", "https://delta-2.example.com"), ConsoleFixture.strings(saved.getArray("baseUrls")));
    assertEquals(List.of("sk-ant-api03-delta-key-000099990000"), ConsoleFixture.strings(saved.getArray("apiKeys")));
    assertEquals(9, saved.getLong("priority", -1));
    assertEquals(3, saved.getLong("weight", -1));
    assertEquals("claude-3-5-haiku", saved.getObject("modelMapping").getString("claude-haiku"));
    assertEquals("added from the console", saved.getString("description"));
  }

  @Test
  @Order(5)
  void editingAChannelChangesItsFields() throws IOException {
    browser.click("tr[data-id='ch-delta'] button[data-action='edit']");
    WebElement name = browser.find("#f-name");
    name.clear();
    name.sendKeys("Delta edited");
    WebElement weight = browser.find("#f-weight");
    weight.clear();
    weight.sendKeys("7");
    browser.click("#f-lowQuality");
    browser.click("#save-channel");
    browser.until(d -> browser.text("tr[data-id='ch-delta']").contains("Delta edited"));
    JsonObject saved = fx.channel("upstream", "ch-delta");
    assertEquals("Delta edited", saved.getString("name"));
    assertEquals(7, saved.getLong("weight", -1));
    assertEquals(Boolean.TRUE, saved.getBoolean("lowQuality"));
    assertEquals(2, saved.getArray("baseUrls").size(), "fields not touched are kept");
  }

  @Test
  @Order(6)
  void reorderingByButtonAndByDragSetsPriorities() throws IOException {
    List<String> before = rowIds();
    assertEquals(List.of("ch-alpha", "ch-beta", "ch-gamma", "ch-delta"), before);
    browser.click("tr[data-id='ch-alpha'] button[data-action='down']");
    browser.until(d -> rowIds().equals(List.of("ch-beta", "ch-alpha", "ch-gamma", "ch-delta")));
    assertEquals(List.of("ch-beta", "ch-alpha", "ch-gamma", "ch-delta"), fx.idsByPriority("upstream"));

    // Drag the last row onto the first (HTML drag and drop, dispatched as the browser would).
    browser.js("const from = document.querySelector(\"tr[data-id='ch-delta']\");"
        + "const to = document.querySelector(\"tr[data-id='ch-beta']\");"
        + "const dt = new DataTransfer();"
        + "from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));"
        + "to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));"
        + "to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));"
        + "from.dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));");
    browser.until(d -> rowIds().equals(List.of("ch-delta", "ch-beta", "ch-alpha", "ch-gamma")));
    assertEquals(List.of("ch-delta", "ch-beta", "ch-alpha", "ch-gamma"), fx.idsByPriority("upstream"));

    // Back to alpha, beta, gamma, delta for the tests that follow.
    browser.click("tr[data-id='ch-delta'] button[data-action='down']");
    browser.until(d -> rowIds().get(0).equals("ch-beta"));
    browser.click("tr[data-id='ch-delta'] button[data-action='down']");
    browser.until(d -> rowIds().get(1).equals("ch-alpha"));
    browser.click("tr[data-id='ch-delta'] button[data-action='down']");
    browser.until(d -> rowIds().get(3).equals("ch-delta"));
    browser.click("tr[data-id='ch-alpha'] button[data-action='up']");
    browser.until(d -> rowIds().equals(List.of("ch-alpha", "ch-beta", "ch-gamma", "ch-delta")));
    assertEquals(List.of("ch-alpha", "ch-beta", "ch-gamma", "ch-delta"), fx.idsByPriority("upstream"));
  }

  @Test
  @Order(7)
  void suspendDisableAndActivate() throws IOException {
    new Select(browser.find("tr[data-id='ch-gamma'] select[data-action='status']")).selectByValue("suspended");
    browser.until(d -> "suspended".equals(attr("tr[data-id='ch-gamma']", "data-status")));
    assertEquals("suspended", fx.channel("upstream", "ch-gamma").getString("status"));
    assertEquals("suspended", browser.text("tr[data-id='ch-gamma'] .badge"));

    new Select(browser.find("tr[data-id='ch-gamma'] select[data-action='status']")).selectByValue("disabled");
    browser.until(d -> "disabled".equals(attr("tr[data-id='ch-gamma']", "data-status")));
    assertEquals("disabled", fx.channel("upstream", "ch-gamma").getString("status"));

    new Select(browser.find("tr[data-id='ch-gamma'] select[data-action='status']")).selectByValue("active");
    browser.until(d -> "active".equals(attr("tr[data-id='ch-gamma']", "data-status")));
    assertEquals("active", fx.channel("upstream", "ch-gamma").getString("status"));
  }

  @Test
  @Order(8)
  void keysAreAddedMovedAndRemovedAndShownMasked() throws IOException {
    browser.click("tr[data-id='ch-beta'] button[data-action='keys']");
    browser.find("#key-list li[data-fingerprint]");
    browser.find("#new-key").sendKeys(ADDED_KEY);
    browser.click("#add-key");
    browser.until(d -> browser.all("#key-list li[data-fingerprint]").size() == 2);
    assertEquals(List.of("sk-ant-api03-beta-key-000033334444", ADDED_KEY),
        ConsoleFixture.strings(fx.channel("upstream", "ch-beta").getArray("apiKeys")));
    String shown = browser.all("#key-list li .masked").get(1).getText();
    assertTrue(shown.contains("…") && !shown.contains("console-added-key"), "masked: " + shown);
    assertFalse(browser.driver.getPageSource().contains(ADDED_KEY), "the whole key is not in the page");
    assertEquals("", browser.find("#new-key").getAttribute("value"));
    browser.screenshot("console-keys");

    browser.all("#key-list li button[data-action='top']").get(1).click();
    browser.until(d -> browser.all("#key-list li .masked").get(0).getText().equals(shown));
    assertEquals(ADDED_KEY, ConsoleFixture.strings(fx.channel("upstream", "ch-beta").getArray("apiKeys")).get(0));
    browser.all("#key-list li button[data-action='bottom']").get(0).click();
    browser.until(d -> browser.all("#key-list li .masked").get(1).getText().equals(shown));
    assertEquals(ADDED_KEY, ConsoleFixture.strings(fx.channel("upstream", "ch-beta").getArray("apiKeys")).get(1));

    browser.all("#key-list li button[data-action='remove-key']").get(1).click();
    browser.click("dialog[open] button[data-confirm]");
    browser.until(d -> browser.all("#key-list li[data-fingerprint]").size() == 1);
    JsonObject beta = fx.channel("upstream", "ch-beta");
    assertEquals(List.of("sk-ant-api03-beta-key-000033334444"), ConsoleFixture.strings(beta.getArray("apiKeys")));
    assertTrue(ConsoleFixture.strings(beta.getArray("historicalApiKeys")).contains(ADDED_KEY));
    browser.click("dialog[open] .modal-head button");
  }

  @Test
  @Order(9)
  void promoteAndEndAPromotion() throws IOException {
    browser.click("tr[data-id='ch-gamma'] button[data-action='promote']");
    WebElement minutes = browser.find("#promote-minutes");
    minutes.clear();
    minutes.sendKeys("45" + Keys.ENTER);
    browser.until(d -> browser.present("tr[data-id='ch-gamma'] .promo"));
    assertTrue(browser.text("tr[data-id='ch-gamma'] .promo").matches("promoted 4\\dm \\d\\ds"));
    assertNotNull(fx.channel("upstream", "ch-gamma").getString("promotionUntil"));

    browser.click("tr[data-id='ch-gamma'] button[data-action='promote']");
    browser.click("dialog[open] .actions button:not(.primary)");
    browser.until(d -> !browser.present("tr[data-id='ch-gamma'] .promo"));
    assertNull(fx.channel("upstream", "ch-gamma").getString("promotionUntil"));
  }

  @Test
  @Order(10)
  void pingOneAndPingAll() {
    browser.click("tr[data-id='ch-alpha'] button[data-action='ping']");
    String result = browser.text("#ping-result");
    assertTrue(result.contains("yes"), result);
    assertTrue(result.contains("accepted"), result);
    browser.click("dialog[open] .actions button");
    browser.click("#ping-all");
    // Three channels answer from the mock upstream; delta's hosts do not exist.
    browser.until(d -> browser.all("tr[data-id] .ping.ok").size() == 3 && browser.all("tr[data-id] .ping.bad").size() == 1);
    assertTrue(browser.text("tr[data-id='ch-delta'] .ping").contains("ping failed"));
  }

  @Test
  @Order(11)
  void resumeClosesTheBreakersAndHealthIsShown() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      browser.click("tr[data-id='ch-beta'] button[data-action='resume']");
      assertTrue(logs.await(t -> t.lines().anyMatch(l -> l.contains("[Admin-Resume]") && l.contains("kind=messages")
          && l.contains("(ch-beta)")), Duration.ofSeconds(10)));
    }
    browser.click("tr[data-id='ch-alpha'] button[data-action='details']");
    String details = browser.text("tr.details table[aria-label='breakers']");
    assertTrue(details.contains("closed"), details);
  }

  @Test
  @Order(12)
  void deletingAChannelAsksFirst() throws IOException {
    browser.click("tr[data-id='ch-delta'] button[data-action='delete']");
    browser.click("dialog[open] .actions button:not(.danger)");
    assertTrue(browser.present("tr[data-id='ch-delta']"), "cancel keeps the channel");
    browser.click("tr[data-id='ch-delta'] button[data-action='delete']");
    browser.click("dialog[open] button[data-confirm]");
    browser.until(d -> !browser.present("tr[data-id='ch-delta']"));
    assertEquals(List.of("ch-alpha", "ch-beta", "ch-gamma"), fx.idsByPriority("upstream"));
  }

  @Test
  @Order(13)
  void chartsAreDrawnFromRecordedTraffic() throws Exception {
    for (int i = 0; i < 5; i++) assertEquals(200, fx.proxy("hello " + i));
    assertEquals(503, fx.proxy("please-fail"), "one failure");
    assertTrue(fx.app.metrics().recorder().awaitIdle(Duration.ofSeconds(20)));

    // What the server recorded: every attempt (the failing request was tried on each channel).
    JsonObject summary = Json.parseObject(fx.admin("/api/messages/global/stats/history?duration=1h")).getObject("summary");
    long requests = summary.getLong("totalRequests", -1);
    long failures = summary.getLong("totalFailure", -1);
    assertTrue(requests >= 6 && failures >= 1, summary.toJson());
    assertEquals(600, summary.getLong("totalInputTokens", -1), "five successes of 120 input tokens");

    browser.click("#nav a[data-page='traffic']");
    browser.find("#view-traffic");
    browser.click("button[data-range='1h']");
    String chart = "figure[data-chart='Requests and failures'] polyline";
    browser.until(d -> String.valueOf(requests).equals(attr(chart + "[data-series='requests']", "data-total")));
    assertEquals(String.valueOf(failures), attr(chart + "[data-series='failures']", "data-total"));
    assertEquals("600", attr("figure[data-chart='Tokens'] polyline[data-series='input']", "data-total"));
    assertEquals("150", attr("figure[data-chart='Tokens'] polyline[data-series='output']", "data-total"));
    assertEquals(String.valueOf(requests), browser.text("[data-stat='total-requests'] .stat-value"));
    assertTrue(browser.find("figure[data-chart^='Latency'] .bar.p50").isDisplayed());
    // Latency p50 / p95 per bucket, as the latency history has them for the recorded attempts.
    JsonObject latency = Json.parseObject(fx.admin("/api/messages/channels/latency?duration=1h"));
    assertEquals(requests, latency.getObject("summary").getLong("count", -1), latency.toJson());
    assertLatencyChart(latency);
    assertFalse(browser.present("#latency-note"), "no note while the history is kept");
    browser.until(d -> "6".equals(attr("#live .live-row[data-channel='ch-alpha']", "data-requests")));

    new Select(browser.find("#traffic-channel")).selectByValue("ch-alpha");
    browser.until(d -> browser.present("figure[data-chart^='Tokens by key']"));
    browser.until(d -> "6".equals(attr(chart + "[data-series='requests']", "data-total")));
    JsonObject alphaLatency = Json.parseObject(fx.admin("/api/messages/channels/latency?duration=1h&channel=ch-alpha"));
    assertEquals(6, alphaLatency.getObject("summary").getLong("count", -1), alphaLatency.toJson());
    assertLatencyChart(alphaLatency);
    new Select(browser.find("#traffic-channel")).selectByValue("");
    browser.until(d -> browser.present("figure[data-chart='Tokens']"));
    browser.screenshot("console-traffic");

    // The live strip follows new traffic without a reload.
    assertEquals(200, fx.proxy("one more"));
    browser.until(d -> "7".equals(attr("#live .live-row[data-channel='ch-alpha']", "data-requests")));
  }

  @Test
  @Order(14)
  void settingsShowFuzzyModeAndTheSettingsInForceWithSecretsMasked() throws IOException {
    browser.click("#nav a[data-page='settings']");
    WebElement fuzzy = browser.find("#fuzzy-mode");
    assertFalse(fuzzy.isSelected());
    fuzzy.click();
    browser.until(d -> fx.fileText().contains("\"fuzzyModeEnabled\": true")
        || fx.fileText().contains("\"fuzzyModeEnabled\":true"));
    String key = browser.text("#settings-table tr[data-setting='accessKey'] td");
    assertFalse(key.contains(KEY), "the access key is masked");
    assertTrue(key.contains("…"), key);
    assertTrue(browser.text("#settings-table tr[data-setting='port'] td").matches("\\d+"));
    assertFalse(browser.driver.getPageSource().contains(KEY));
    browser.screenshot("console-settings");
    fuzzy.click();
    browser.until(d -> fx.fileText().contains("\"fuzzyModeEnabled\": false") || fx.fileText().contains("\"fuzzyModeEnabled\":false"));
  }

  @Test
  @Order(15)
  void everyControlIsReachableByKeyboardAndThePhoneLayoutFits() {
    browser.click("#nav a[data-page='channels']");
    browser.find("#channel-table tr[data-id]");
    browser.click("tr[data-id='ch-alpha'] button[data-action='details']");
    browser.find("tr.details table[aria-label='breakers']");
    browser.screenshot("console-channels");
    browser.js("document.activeElement.blur(); document.body.focus();");
    boolean reached = false;
    for (int i = 0; i < 40 && !reached; i++) {
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      reached = "add-channel".equals(browser.driver.switchTo().activeElement().getAttribute("id"));
    }
    assertTrue(reached, "Tab reaches the add button");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.find("dialog[open] #f-name");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.until(d -> !browser.present("dialog[open]"));

    browser.size(390, 844);
    try {
      browser.find("#channel-table tr[data-id='ch-alpha']");
      Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
      assertTrue(overflow.intValue() <= 0, "no sideways scrolling at phone width: " + overflow);
      browser.screenshot("console-phone");
      browser.click("#nav a[data-page='traffic']");
      browser.find("#live .live-row");
      overflow = (Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
      assertTrue(overflow.intValue() <= 0, "no sideways scrolling at phone width: " + overflow);
    } finally {
      browser.size(1280, 860);
    }
  }

  @Test
  @Order(16)
  void thePageSurvivesAServerRestart() throws Exception {
    expectedErrors = Pattern.compile("ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE");
    browser.click("#nav a[data-page='channels']");
    browser.find("#channel-table tr[data-id='ch-alpha']");
    int port = fx.stopServer();
    browser.find("#offline");
    fx.startAgain(port);
    browser.until(d -> Boolean.TRUE.equals(browser.js("return document.getElementById('offline').hidden")));
    browser.find("#channel-table tr[data-id='ch-alpha']");
    assertEquals(List.of("ch-alpha", "ch-beta", "ch-gamma"), rowIds());
    // Still signed in: the key stayed in the tab.
    assertTrue(browser.find("#shell").isDisplayed());
  }

  @Test
  @Order(17)
  void aKeyTheServerNoLongerAcceptsBringsBackThePrompt() {
    expectedErrors = Pattern.compile("status of 401");
    browser.js("sessionStorage.setItem('llmrouter.adminKey', 'stale-key')");
    browser.driver.navigate().refresh();
    browser.find("#login");
    browser.until(d -> browser.text("#login-error").contains("401") || browser.find("#access-key").isDisplayed());
    assertNull(browser.js("return sessionStorage.getItem('llmrouter.adminKey')"));
  }

  /** The ids of the rows, read in one step (the list redraws itself). */
  @SuppressWarnings("unchecked")
  private List<String> rowIds() {
    return (List<String>) browser.js(
        "return [...document.querySelectorAll('#channel-table tbody tr[data-id]')].map(r => r.dataset.id)");
  }

  /** An attribute read in one step. */
  /** The latency chart shows each bucket with attempts, at the p50 and p95 of the latency history's answer. */
  private void assertLatencyChart(JsonObject latency) {
    for (String series : List.of("p50", "p95")) {
      long points = 0;
      long total = 0;
      long max = 0;
      for (var v : latency.getArray("dataPoints")) {
        JsonObject p = v.asObject();
        if (p.getLong("count", 0) == 0) continue;
        points++;
        total += p.getLong(series, -1);
        max = Math.max(max, p.getLong(series, -1));
      }
      assertTrue(points >= 1, latency.toJson());
      String line = "figure[data-chart='Latency p50 / p95'] polyline[data-series='" + series + "']";
      String expected = points + "/" + total + "/" + max;
      browser.until(d -> expected.equals(attr(line, "data-points") + "/" + attr(line, "data-total") + "/"
          + attr(line, "data-max")));
    }
  }

  private String attr(String css, String name) {
    return (String) browser.js("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
        css, name);
  }
}
