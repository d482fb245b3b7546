package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/** One piece of a message: text, media, a tool call or result, or model thinking. */
public sealed interface ContentPart
    permits ContentPart.Text, ContentPart.Image, ContentPart.Document, ContentPart.ToolCall,
        ContentPart.ToolResult, ContentPart.Thinking, ContentPart.RedactedThinking {

  /** Plain text. {@code signature} is Gemini's part-level thought signature, or null. */
  record Text(String text, String signature) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    public static Text of(String text) {
      return new Text(text, null);
    }
  }

  /**
   * An image given either inline ({@code data} base64 with its {@code mediaType}) or by {@code url}.
   * Exactly one of {@code data} and {@code url} is set.
   */
  record Image(String mediaType, String data, String url) implements ContentPart {
    public Image {
      if ((data == null) == (url == null)) throw new IllegalArgumentException("exactly one of data and url");
    }

    public static Image base64(String mediaType, String data) {
      return new Image(mediaType, data, null);
    }

    public static Image url(String url) {
      return new Image(null, null, url);
    }
  }

  /**
   * A document (PDF or plain text) given inline as base64 {@code data}, as plain {@code text}, or by
   * {@code url}. Exactly one of the three is set; {@code title} is an optional file name or title.
   */
  record Document(String mediaType, String data, String text, String url, String title)
      implements ContentPart {
    public Document {
      int set = (data == null ? 0 : 1) + (text == null ? 0 : 1) + (url == null ? 0 : 1);
      if (set != 1) throw new IllegalArgumentException("exactly one of data, text and url");
    }
  }

  /**
   * A call the model makes to a tool.
   *
   * @param id the call id that its result refers to
   * @param arguments the arguments as JSON text, exactly as produced (may be empty)
   * @param signature Gemini's thought signature for this call, or null
   */
  record ToolCall(String id, String name, String arguments, String signature) implements ContentPart {
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /**
   * The result of a tool call, paired with it by {@code toolCallId}.
   *
   * @param name the tool's name where the protocol carries it (Gemini), else null
   * @param content text and images; a plain string result is one {@link Text}
   */
  record ToolResult(String toolCallId, String name, List<ContentPart> content, boolean isError)
      implements ContentPart {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      content = List.copyOf(content);
    }

    /** The text parts joined, for protocols whose results are plain strings. */
    public String text() {
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

  /** Model reasoning with the vendor's signature (Anthropic signature, Gemini thought signature, OpenAI encrypted content). */
  record Thinking(String text, String signature) implements ContentPart {
    public Thinking {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Reasoning the vendor returned encrypted only. */
  record RedactedThinking(String data) implements ContentPart {
    public RedactedThinking {
      Objects.requireNonNull(data, "data");
    }
  }
}
