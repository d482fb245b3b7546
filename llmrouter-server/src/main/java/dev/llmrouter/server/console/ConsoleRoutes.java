package dev.llmrouter.server.console;

import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The web console's static files, read once from the class path ({@code console/} in the jar) and
 * served from memory on the IO thread:
 * <ul>
 *   <li>{@code GET /} (and {@code /index.html}): the page, {@code Cache-Control: no-cache} with an
 *       ETag, so a browser revalidates it on each load and gets 304 while it is unchanged;
 *   <li>{@code GET /console/{version}/...}: scripts, styles and icons. {@code version} is a hash of
 *       every console file, so these URLs change with their content and are cached for a year
 *       ({@code immutable}); a stale version answers 404.
 * </ul>
 * Text files are sent gzipped to clients that accept it. The files themselves need no key: they
 * hold no data. The page asks for the admin key and sends it with each call to the admin API,
 * which checks it. A Content-Security-Policy limits the page to this server ({@code 'self'}), so
 * it loads nothing from elsewhere. Immutable and thread-safe.
 */
public final class ConsoleRoutes implements RouteSet {
  /** The console's files under {@code console/} on the class path; {@code index.html} is the page. */
  static final List<String> FILES = List.of("index.html", "app.css", "app.js", "api.js", "dom.js", "chart.js",
      "channels.js", "editor.js", "traffic.js", "settings.js", "favicon.svg");
  static final String PREFIX = "/console/";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";
  private static final HttpString CONTENT_SECURITY_POLICY = new HttpString("Content-Security-Policy");
  private static final HttpString X_CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
  private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
  private static final HttpString X_FRAME_OPTIONS = new HttpString("X-Frame-Options");

  private final String version;
  private final Asset index;
  private final Map<String, Asset> assets;

  private ConsoleRoutes(String version, Asset index, Map<String, Asset> assets) {
    this.version = version;
    this.index = index;
    this.assets = Map.copyOf(assets);
  }

  /** Reads the console's files from the class path. @throws IllegalStateException when one is missing */
  public static ConsoleRoutes load() {
    ClassLoader loader = ConsoleRoutes.class.getClassLoader();
    Map<String, byte[]> raw = new HashMap<>();
    MessageDigest all = sha256();
    for (String f : FILES) {
      byte[] bytes = read(loader, "console/" + f);
      raw.put(f, bytes);
      all.update(f.getBytes(StandardCharsets.UTF_8));
      all.update(bytes);
    }
    String version = HexFormat.of().formatHex(all.digest()).substring(0, 12);
    Map<String, Asset> assets = new HashMap<>();
    Asset index = null;
    for (String f : FILES) {
      if (f.equals("index.html")) {
        byte[] page = new String(raw.get(f), StandardCharsets.UTF_8).replace("{{base}}", PREFIX + version)
            .getBytes(StandardCharsets.UTF_8);
        index = Asset.of(page, contentType(f), "no-cache");
      } else {
        assets.put(f, Asset.of(raw.get(f), contentType(f), IMMUTABLE));
      }
    }
    return new ConsoleRoutes(version, index, assets);
  }

  /** The hash in the assets' URLs. */
  public String version() {
    return version;
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    Asset asset;
    boolean page = false;
    if (path.equals("/") || path.equals("/index.html")) {
      asset = index;
      page = true;
    } else if (path.startsWith(PREFIX)) {
      String rest = path.substring(PREFIX.length());
      int slash = rest.indexOf('/');
      asset = slash > 0 && rest.substring(0, slash).equals(version) ? assets.get(rest.substring(slash + 1)) : null;
      if (asset == null) {
        sendText(exchange, 404, "no such console file (the console may have been updated: reload the page)");
        return true;
      }
    } else {
      return false;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      sendText(exchange, 405, "method " + method + " is not allowed here");
      return true;
    }
    send(exchange, asset, page, method.equals("HEAD"));
    return true;
  }

  private static void send(HttpServerExchange exchange, Asset a, boolean page, boolean head) {
    boolean gzip = a.gzip != null && acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
    String etag = gzip ? a.etagGzip : a.etag;
    var h = exchange.getResponseHeaders();
    h.put(Headers.CACHE_CONTROL, a.cacheControl);
    h.put(Headers.ETAG, etag);
    h.put(X_CONTENT_TYPE_OPTIONS, "nosniff");
    if (a.gzip != null) h.put(Headers.VARY, "Accept-Encoding");
    if (page) {
      h.put(CONTENT_SECURITY_POLICY, CSP);
      h.put(REFERRER_POLICY, "no-referrer");
      h.put(X_FRAME_OPTIONS, "DENY");
    }
    if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH), etag)) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    byte[] body = gzip ? a.gzip : a.bytes;
    exchange.setStatusCode(200);
    h.put(Headers.CONTENT_TYPE, a.contentType);
    if (gzip) h.put(Headers.CONTENT_ENCODING, "gzip");
    h.put(Headers.CONTENT_LENGTH, body.length);
    if (head) {
      exchange.endExchange();
    } else {
      exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
  }

  private static void sendText(HttpServerExchange exchange, int status, String text) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** True when an {@code Accept-Encoding} list names gzip (or {@code *}) without {@code q=0}. */
  static boolean acceptsGzip(java.util.Collection<String> headers) {
    if (headers == null) return false;
    for (String header : headers) {
      for (String part : header.split(",")) {
        String[] p = part.strip().split(";");
        String coding = p[0].strip().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("*")) continue;
        boolean refused = false;
        for (int i = 1; i < p.length; i++) {
          String param = p[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
          if (param.matches("q=0(\\.0{0,3})?")) refused = true;
        }
        if (!refused) return true;
      }
    }
    return false;
  }

  private static boolean matches(java.util.Collection<String> ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    for (String header : ifNoneMatch) {
      for (String tag : header.split(",")) {
        String t = tag.strip();
        if (t.startsWith("W/")) t = t.substring(2);
        if (t.equals(etag) || t.equals("*")) return true;
      }
    }
    return false;
  }

  static String contentType(String file) {
    if (file.endsWith(".html")) return "text/html; charset=utf-8";
    if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
    if (file.endsWith(".css")) return "text/css; charset=utf-8";
    if (file.endsWith(".svg")) return "image/svg+xml";
    if (file.endsWith(".png")) return "image/png";
    return "application/octet-stream";
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("the console file " + resource + " is missing from the class path");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** One file: its bytes, its gzipped bytes (null when not smaller) and its validators. */
  private record Asset(byte[] bytes, byte[] gzip, String contentType, String cacheControl, String etag,
      String etagGzip) {
    static Asset of(byte[] bytes, String contentType, String cacheControl) {
      String tag = HexFormat.of().formatHex(sha256().digest(bytes)).substring(0, 16);
      byte[] gz = contentType.startsWith("text/") || contentType.startsWith("image/svg") ? gzip(bytes) : null;
      if (gz != null && gz.length >= bytes.length) gz = null;
      return new Asset(bytes, gz, contentType, cacheControl, "\"" + tag + "\"", "\"" + tag + "-gz\"");
    }

    private static byte[] gzip(byte[] bytes) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }
}
