package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One piece of a message: text, media, a tool call or result, or model thinking. Every
 * implementation is an immutable record.
 */
public sealed interface ContentPart
    permits ContentPart.Text, ContentPart.Image, ContentPart.Document, ContentPart.ToolCall,
        ContentPart.ToolResult, ContentPart.Thinking, ContentPart.RedactedThinking {

  /**
   * Plain text.
   *
   * @param text the text
   * @param signature Gemini's part-level thought signature, or null
   */
  record Text(String text, String signature) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param text the text
     * @param signature Gemini's part-level thought signature, or null
     * @throws NullPointerException when {@code text} is null
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }

    /**
     * Returns text without a signature.
     *
     * @param text the text
     * @return the part
     * @throws NullPointerException when {@code text} is null
     */
    public static Text of(String text) {
      return new Text(text, null);
    }
  }

  /**
   * An image given either inline ({@code data} base64 with its {@code mediaType}) or by {@code url}.
   * Exactly one of {@code data} and {@code url} is set.
   *
   * @param mediaType such as {@code image/png}; may be null for a URL
   * @param data the base64 bytes, or null
   * @param url the image URL (http(s) or a {@code data:} URL), or null
   */
  record Image(String mediaType, String data, String url) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param mediaType such as {@code image/png}; may be null for a URL
     * @param data the base64 bytes, or null
     * @param url the image URL, or null
     * @throws IllegalArgumentException unless exactly one of {@code data} and {@code url} is set
     */
    public Image {
      if ((data == null) == (url == null)) throw new IllegalArgumentException("exactly one of data and url");
    }

    /**
     * Returns an inline image.
     *
     * @param mediaType such as {@code image/png}
     * @param data the base64 bytes
     * @return the part
     * @throws IllegalArgumentException when {@code data} is null
     */
    public static Image base64(String mediaType, String data) {
      return new Image(mediaType, data, null);
    }

    /**
     * Returns an image given by URL.
     *
     * @param url the URL
     * @return the part
     * @throws IllegalArgumentException when {@code url} is null
     */
    public static Image url(String url) {
      return new Image(null, null, url);
    }
  }

  /**
   * A document (PDF or plain text) given inline as base64 {@code data}, as plain {@code text}, or by
   * {@code url}. Exactly one of the three is set.
   *
   * @param mediaType such as {@code application/pdf}, or null
   * @param data the base64 bytes, or null
   * @param text the plain text, or null
   * @param url the document URL, or null
   * @param title an optional file name or title, or null
   */
  record Document(String mediaType, String data, String text, String url, String title)
      implements ContentPart {
    /**
     * Validates the part.
     *
     * @param mediaType such as {@code application/pdf}, or null
     * @param data the base64 bytes, or null
     * @param text the plain text, or null
     * @param url the document URL, or null
     * @param title an optional file name or title, or null
     * @throws IllegalArgumentException unless exactly one of {@code data}, {@code text} and {@code url}
     *     is set
     */
    public Document {
      int set = (data == null ? 0 : 1) + (text == null ? 0 : 1) + (url == null ? 0 : 1);
      if (set != 1) throw new IllegalArgumentException("exactly one of data, text and url");
    }
  }

  /**
   * A call the model makes to a tool.
   *
   * @param id the call id that its result refers to
   * @param name the tool's name
   * @param arguments the arguments as JSON text, exactly as produced (may be empty)
   * @param signature Gemini's thought signature for this call, or null
   */
  record ToolCall(String id, String name, String arguments, String signature) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param id the call id that its result refers to
     * @param name the tool's name
     * @param arguments the arguments as JSON text
     * @param signature Gemini's thought signature for this call, or null
     * @throws NullPointerException when {@code id}, {@code name} or {@code arguments} is null
     */
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /**
   * The result of a tool call, paired with it by {@code toolCallId}.
   *
   * @param toolCallId the id of the call this answers
   * @param name the tool's name where the protocol carries it (Gemini), else null
   * @param content text and images; a plain string result is one {@link Text}
   * @param isError true when the tool reported a failure
   */
  record ToolResult(String toolCallId, String name, List<ContentPart> content, boolean isError)
      implements ContentPart {
    /**
     * Validates the part and copies the content list.
     *
     * @param toolCallId the id of the call this answers
     * @param name the tool's name, or null
     * @param content text and images
     * @param isError true when the tool reported a failure
     * @throws NullPointerException when {@code toolCallId} or {@code content} is null, or a part is null
     */
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      content = List.copyOf(content);
    }

    /** {@return the text parts joined by newlines, for protocols whose results are plain strings} */
    public String text() {
      String only = null;
      int texts = 0;
      for (ContentPart p : content) {
        if (p instanceof Text t) {
          only = t.text();
          texts++;
        }
      }
      // The common single text part is returned as it is, without copying it.
      if (texts == 1) return only;
      StringBuilder sb = new StringBuilder();
      for (ContentPart p : content) {
        if (p instanceof Text t) {
          if (sb.length() > 0) sb.append('\n');
          sb.append(t.text());
        }
      }
      return sb.toString();
    }
  }

  /**
   * Model reasoning with the vendor's signature.
   *
   * @param text the reasoning text, possibly empty (or a summary)
   * @param signature the Anthropic signature, Gemini thought signature or OpenAI encrypted content, or
   *     null
   */
  record Thinking(String text, String signature) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param text the reasoning text
     * @param signature the vendor's signature, or null
     * @throws NullPointerException when {@code text} is null
     */
    public Thinking {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Reasoning the vendor returned encrypted only.
   *
   * @param data the opaque encrypted data, passed back as it is
   */
  record RedactedThinking(String data) implements ContentPart {
    /**
     * Validates the part.
     *
     * @param data the opaque encrypted data
     * @throws NullPointerException when {@code data} is null
     */
    public RedactedThinking {
      Objects.requireNonNull(data, "data");
    }
  }
}
