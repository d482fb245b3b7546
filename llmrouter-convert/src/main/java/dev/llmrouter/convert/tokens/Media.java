package dev.llmrouter.convert.tokens;

import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;

/**
 * Recognises the image and document parts of the four protocols and prices them by
 * {@link MediaTokens}, so that their base64 payloads are never counted as text. Stateless.
 */
final class Media {
  private Media() {}

  /**
   * The tokens of a media part, or -1 when the object is not one. Text that describes a document
   * (its title, context, or a plain-text source) is priced as text.
   */
  static long tokens(JsonObject o) {
    String type = o.getString("type");
    if (type != null) {
      switch (type) {
        case "image": // Anthropic
          return anthropicImage(o.getObject("source"));
        case "document": // Anthropic
          return anthropicDocument(o);
        case "input_image": { // Responses
          String url = o.getString("image_url");
          if (url == null && o.getObject("image_url") != null) url = o.getObject("image_url").getString("url");
          return url == null ? MediaTokens.IMAGE_CAP : MediaTokens.imageUrl(url);
        }
        case "input_file": // Responses
          return file(o.getString("file_data"), o.getString("filename"));
        case "image_url": { // Chat Completions
          JsonObject image = o.getObject("image_url");
          String url = image != null ? image.getString("url") : o.getString("image_url");
          return url == null ? MediaTokens.IMAGE_CAP : MediaTokens.imageUrl(url);
        }
        case "file": { // Chat Completions
          JsonObject file = o.getObject("file");
          return file == null ? MediaTokens.PDF_PAGE_TOKENS : file(file.getString("file_data"), file.getString("filename"));
        }
        default:
          break;
      }
    }
    JsonObject inline = o.getObject("inlineData");
    if (inline == null) inline = o.getObject("inline_data");
    if (inline != null) { // Gemini
      String mime = inline.getString("mimeType", inline.getString("mime_type", ""));
      String data = inline.getString("data");
      return MediaTokens.isPdf(mime) ? MediaTokens.base64Pdf(data) : MediaTokens.base64Image(data);
    }
    JsonObject fileData = o.getObject("fileData");
    if (fileData != null) { // Gemini file reference: size unknown
      return MediaTokens.isPdf(fileData.getString("mimeType")) ? MediaTokens.PDF_PAGE_TOKENS : MediaTokens.IMAGE_CAP;
    }
    return -1;
  }

  private static long anthropicImage(JsonObject source) {
    if (source == null) return MediaTokens.IMAGE_CAP;
    if ("base64".equals(source.getString("type"))) return MediaTokens.base64Image(source.getString("data"));
    return MediaTokens.IMAGE_CAP;
  }

  private static long anthropicDocument(JsonObject doc) {
    long tokens = TokenEstimator.text(doc.getString("title", "")) + TokenEstimator.text(doc.getString("context", ""));
    JsonObject source = doc.getObject("source");
    if (source == null) return tokens + MediaTokens.PDF_PAGE_TOKENS;
    String type = source.getString("type", "");
    switch (type) {
      case "base64":
        return tokens + (MediaTokens.isPdf(source.getString("media_type", "application/pdf"))
            ? MediaTokens.base64Pdf(source.getString("data")) : MediaTokens.base64Image(source.getString("data")));
      case "text":
        return tokens + TokenEstimator.text(source.getString("data", ""));
      case "content": {
        JsonValue content = source.get("content");
        if (content == null) return tokens;
        if (content.asString() != null) return tokens + TokenEstimator.text(content.asString());
        TextValues values = new TextValues();
        values.walk(content);
        return tokens + values.tokens();
      }
      default:
        return tokens + MediaTokens.PDF_PAGE_TOKENS;
    }
  }

  private static long file(String fileData, String filename) {
    long name = TokenEstimator.text(filename == null ? "" : filename);
    if (fileData == null) return name + MediaTokens.PDF_PAGE_TOKENS;
    String payload = MediaTokens.dataUrlPayload(fileData);
    if (payload == null) payload = fileData;
    if (fileData.startsWith("data:") && !MediaTokens.isPdf(fileData.substring(0, Math.max(0, fileData.indexOf(','))))) {
      return name + MediaTokens.base64Image(payload);
    }
    return name + MediaTokens.base64Pdf(payload);
  }
}
