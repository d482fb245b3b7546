package dev.llmrouter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.server.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files over HTTP: caching, compression, the key boundary, and the switch that turns it off. */
class ConsoleRoutesTest {
  private static final String KEY = "console-key-0123456789";
  private static final String ADMIN_KEY = "console-admin-key-9876543210";
  /** OkHttp without its transparent gzip, so the tests see the bytes as sent. */
  private final OkHttpClient http = new OkHttpClient();

  private ServerApp start(Path dir, String... extra) {
    Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "CONFIG_FILE", dir.resolve("config.json").toString(),
        "LISTEN_HOST", "127.0.0.1", "PROXY_ACCESS_KEY", KEY, "ADMIN_ACCESS_KEY", ADMIN_KEY));
    for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
    return ServerApp.start(Settings.from(ConfigFactory.empty(), env), null);
  }

  private Response get(String url, String... headers) throws IOException {
    Request.Builder b = new Request.Builder().url(url);
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.newCall(b.build()).execute();
  }

  @Test
  void thePageIsRevalidatedAndItsFilesAreCachedForAYearUnderAHashedUrl(@TempDir Path dir) throws Exception {
    try (ServerApp app = start(dir)) {
      String base = "http://127.0.0.1:" + app.port();
      String etag;
      String script;
      try (Response r = get(base + "/", "Accept-Encoding", "identity")) {
        assertEquals(200, r.code());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        etag = r.header("ETag");
        assertNotNull(etag);
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"), csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        String page = r.body().string();
        assertFalse(page.contains("{{base}}"));
        assertFalse(page.contains("http://") || page.contains("https://"), "the page names no other server");
        Matcher m = Pattern.compile("src=\"(/console/[0-9a-f]{12}/app\\.js)\"").matcher(page);
        assertTrue(m.find(), page);
        script = m.group(1);
      }
      try (Response r = get(base + "/", "If-None-Match", etag, "Accept-Encoding", "identity")) {
        assertEquals(304, r.code());
        assertEquals(0, r.body().bytes().length);
      }
      try (Response r = get(base + script, "Accept-Encoding", "identity")) {
        assertEquals(200, r.code());
        assertEquals("text/javascript; charset=utf-8", r.header("Content-Type"));
        assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"));
        assertNull(r.header("Content-Encoding"));
        assertTrue(r.body().string().contains("import "));
      }
      String stale = script.replaceAll("/console/[0-9a-f]{12}/", "/console/000000000000/");
      try (Response r = get(base + stale)) {
        assertEquals(404, r.code(), "an old version's file is not served under the new content");
      }
      try (Response r = get(base + script.replace("app.js", "reference.conf"))) {
        assertEquals(404, r.code(), "only the console's own files are served");
      }
      try (Response r = http.newCall(new Request.Builder().url(base + "/").post(RequestBody.create("x",
          MediaType.get("text/plain"))).build()).execute()) {
        assertEquals(405, r.code());
        assertEquals("GET, HEAD", r.header("Allow"));
      }
      try (Response r = http.newCall(new Request.Builder().url(base + "/").head().build()).execute()) {
        assertEquals(200, r.code());
        assertNotNull(r.header("Content-Length"));
      }
    }
  }

  @Test
  void textIsGzippedForClientsThatAcceptIt(@TempDir Path dir) throws Exception {
    try (ServerApp app = start(dir)) {
      String base = "http://127.0.0.1:" + app.port();
      byte[] plain;
      try (Response r = get(base + "/", "Accept-Encoding", "identity")) {
        plain = r.body().bytes();
      }
      try (Response r = get(base + "/", "Accept-Encoding", "br, gzip;q=0.8")) {
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        byte[] zipped = r.body().bytes();
        assertTrue(zipped.length < plain.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
          assertEquals(new String(plain, StandardCharsets.UTF_8), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(r.header("ETag").endsWith("-gz\""), "each encoding has its own validator");
      }
      try (Response r = get(base + "/", "Accept-Encoding", "gzip;q=0")) {
        assertNull(r.header("Content-Encoding"));
      }
    }
  }

  @Test
  void theFilesNeedNoKeyButTheDataDoesAndTheSettingsHideSecrets(@TempDir Path dir) throws Exception {
    try (ServerApp app = start(dir)) {
      String base = "http://127.0.0.1:" + app.port();
      try (Response r = get(base + "/index.html")) {
        assertEquals(200, r.code());
      }
      try (Response r = get(base + "/api/settings")) {
        assertEquals(401, r.code());
      }
      try (Response r = get(base + "/api/settings", "x-api-key", KEY)) {
        assertEquals(401, r.code(), "the proxy key does not open the admin API when an admin key is set");
      }
      try (Response r = get(base + "/api/settings", "x-api-key", ADMIN_KEY)) {
        assertEquals(200, r.code());
        assertEquals("no-store", r.header("Cache-Control"));
        String body = r.body().string();
        assertFalse(body.contains(KEY) || body.contains(ADMIN_KEY), body);
        JsonObject s = Json.parseObject(body).getObject("settings");
        assertEquals(dev.llmrouter.api.Keys.mask(KEY), s.getString("accessKey"));
        assertEquals(dev.llmrouter.api.Keys.mask(ADMIN_KEY), s.getString("adminAccessKey"));
        assertEquals(Boolean.TRUE, s.getBoolean("enableWebUi"));
        assertEquals(0, s.getLong("port", -1), "the port as configured (0: any free one)");
        assertTrue(s.getObject("scheduler").getLong("circuitRecoveryMs", -1) > 0);
        assertEquals(dir.resolve("config.json").toString(), s.getString("configFile"));
      }
      try (Response r = http.newCall(new Request.Builder().url(base + "/api/settings").header("x-api-key", ADMIN_KEY)
          .put(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
        assertEquals(405, r.code());
      }
    }
  }

  @Test
  void enableWebUiFalseServesTheApiOnly(@TempDir Path dir) throws Exception {
    try (ServerApp app = start(dir, "ENABLE_WEB_UI", "false")) {
      String base = "http://127.0.0.1:" + app.port();
      try (Response r = get(base + "/")) {
        assertEquals(401, r.code(), "no page: the path is an unknown route behind the key");
      }
      try (Response r = get(base + "/", "x-api-key", KEY)) {
        assertEquals(404, r.code());
      }
      try (Response r = get(base + "/api/messages/channels", "x-api-key", ADMIN_KEY)) {
        assertEquals(200, r.code(), "the admin API stays on");
      }
    }
  }
}
