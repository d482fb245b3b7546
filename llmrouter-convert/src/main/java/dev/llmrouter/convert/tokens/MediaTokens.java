package dev.llmrouter.convert.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token costs of images and documents, from their bytes where the request carries them (base64 or a
 * {@code data:} URL) and from conservative defaults where it only points at them (URLs, file ids).
 * Stateless.
 */
final class MediaTokens {
  /** Anthropic scales images down to at most 1568 px on the long edge. */
  static final int MAX_EDGE = 1568;
  /** The most an image costs after scaling (about 1.15 megapixels / 750). */
  static final long IMAGE_CAP = 1600;
  /** Anthropic's rule of thumb: one token per 750 pixels. */
  static final int PIXELS_PER_TOKEN = 750;
  /**
   * A PDF page: Anthropic documents 1,500 to 3,000 tokens of text per page; the midpoint is used
   * because the text cannot be measured without decompressing the page streams.
   */
  static final long PDF_PAGE_TOKENS = 2250;
  /** When no page marker is readable (compressed object streams), one page per this many bytes. */
  static final int PDF_BYTES_PER_PAGE = 60_000;
  /** Base64 characters decoded to find an image header; JPEGs with large EXIF blocks decode more. */
  private static final int HEADER_CHARS = 4096;

  private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");
  private static final Pattern COUNT = Pattern.compile("/Count\\s+(\\d{1,6})");

  private MediaTokens() {}

  /** Tokens of an image of the given size, after Anthropic's downscaling, capped. */
  static long image(int width, int height) {
    if (width <= 0 || height <= 0) return IMAGE_CAP;
    double scale = Math.min(1.0, (double) MAX_EDGE / Math.max(width, height));
    double pixels = Math.floor(width * scale) * Math.floor(height * scale);
    long tokens = (long) Math.ceil(pixels / PIXELS_PER_TOKEN);
    return Math.max(1, Math.min(IMAGE_CAP, tokens));
  }

  /** Tokens of a base64-encoded image; the cap when its header cannot be read. */
  static long base64Image(String data) {
    if (data == null || data.isEmpty()) return IMAGE_CAP;
    int[] size = ImageSize.read(decodePrefix(data, HEADER_CHARS));
    if (size == null && data.length() > HEADER_CHARS) size = ImageSize.read(decodePrefix(data, data.length()));
    return size == null ? IMAGE_CAP : image(size[0], size[1]);
  }

  /** Tokens of an image given by URL: a {@code data:} URL is measured, any other costs the cap. */
  static long imageUrl(String url) {
    String data = dataUrlPayload(url);
    return data == null ? IMAGE_CAP : base64Image(data);
  }

  /** Tokens of a base64-encoded PDF, by its page count. */
  static long base64Pdf(String data) {
    byte[] bytes = decodePrefix(data == null ? "" : data, data == null ? 0 : data.length());
    return pdf(bytes);
  }

  /** Tokens of a PDF given by URL: a {@code data:} URL is measured, any other counts as one page. */
  static long pdfUrl(String url) {
    String data = dataUrlPayload(url);
    return data == null ? PDF_PAGE_TOKENS : base64Pdf(data);
  }

  static long pdf(byte[] bytes) {
    return pdfPages(bytes) * PDF_PAGE_TOKENS;
  }

  /** Page objects, or the largest page-tree count, or a size-based guess; at least 1. */
  static long pdfPages(byte[] bytes) {
    if (bytes.length == 0) return 1;
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    long pages = 0;
    Matcher m = PAGE.matcher(text);
    while (m.find()) pages++;
    if (pages == 0) {
      Matcher c = COUNT.matcher(text);
      while (c.find()) pages = Math.max(pages, Long.parseLong(c.group(1)));
    }
    if (pages == 0) pages = bytes.length / PDF_BYTES_PER_PAGE;
    return Math.max(1, pages);
  }

  /** The base64 payload of a {@code data:...;base64,} URL, or null when it is not one. */
  static String dataUrlPayload(String url) {
    if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) return null;
    int comma = url.indexOf(',');
    if (comma < 0) return null;
    if (!url.substring(0, comma).toLowerCase(java.util.Locale.ROOT).endsWith(";base64")) return null;
    return url.substring(comma + 1);
  }

  /** True when a {@code data:} URL or media type names a PDF. */
  static boolean isPdf(String mediaTypeOrUrl) {
    return mediaTypeOrUrl != null && mediaTypeOrUrl.toLowerCase(java.util.Locale.ROOT).contains("application/pdf");
  }

  /** Decodes up to {@code maxChars} base64 characters (standard or URL-safe; line breaks ignored). */
  static byte[] decodePrefix(String data, int maxChars) {
    StringBuilder sb = new StringBuilder(Math.min(data.length(), maxChars));
    for (int i = 0; i < data.length() && sb.length() < maxChars; i++) {
      char c = data.charAt(i);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
        sb.append(c);
      } else if (c == '-') {
        sb.append('+');
      } else if (c == '_') {
        sb.append('/');
      } else if (c == '=') {
        break;
      }
    }
    int rest = sb.length() % 4;
    if (rest >= 2 && sb.length() < maxChars) {
      sb.append(rest == 2 ? "==" : "=");
    } else {
      sb.setLength(sb.length() - rest);
    }
    try {
      return Base64.getDecoder().decode(sb.toString());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
