package dev.llmrouter.convert.tokens;

import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import java.nio.charset.StandardCharsets;

/**
 * Estimates token counts locally, without a tokenizer: for {@code count_tokens} answers and for
 * usage that an upstream did not report. Each estimate is one pass over the request.
 *
 * <p>Text: CJK code points (Han, Hiragana, Katakana, Hangul) count 1/1.5 token, every other
 * non-space code point 1/3.5, rounded. Images count by their pixel size (read from the image header
 * when the request carries the bytes) at Anthropic's rule of thumb of 750 pixels a token, after
 * scaling to 1568 px on the long edge, capped at 1600; images given only by URL count the cap.
 * PDFs count per page. Tools count by the text of their name, description and schema.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TokenEstimator {
  /** Per message or input item: the role and separators the model sees around it. */
  static final int PER_MESSAGE = 4;
  /**
   * The system prompt Anthropic adds when tools are given (346 tokens for tool_choice auto on Claude
   * 3.7 and 4 models, as Anthropic documents).
   */
  static final int ANTHROPIC_TOOL_PROMPT = 346;

  private TokenEstimator() {}

  /** Tokens of plain text (an answer's text, a system prompt); 0 for null or empty. */
  public static long text(CharSequence text) {
    if (text == null || text.length() == 0) return 0;
    return new TextCount().add(text).tokens();
  }

  /** Tokens of an image of the given pixel size, as Anthropic prices it. */
  public static long image(int width, int height) {
    return MediaTokens.image(width, height);
  }

  /**
   * Input tokens of an Anthropic Messages request ({@code system}, {@code messages}, {@code tools}).
   * A body that is not a JSON object is estimated as text.
   */
  public static long messagesRequest(byte[] body) {
    JsonObject o = parse(body);
    return o == null ? text(new String(body, StandardCharsets.UTF_8)) : messagesRequest(o);
  }

  /** Input tokens of a parsed Anthropic Messages request. */
  public static long messagesRequest(JsonObject request) {
    long total = 0;
    JsonValue system = request.get("system");
    if (system != null && system.asString() != null) {
      total += text(system.asString());
    } else if (system instanceof JsonArray blocks) {
      for (JsonValue block : blocks) {
        JsonObject b = block.asObject();
        if (b != null && b.getString("text") != null) total += text(b.getString("text"));
      }
    }
    JsonValue messages = request.get("messages");
    if (messages != null && !messages.isNull()) {
      // The messages are counted as their JSON reads: the names and braces stand in for the
      // formatting the model sees around each turn.
      JsonText json = new JsonText();
      json.walk(messages);
      total += json.tokens();
      if (messages instanceof JsonArray a) total += (long) PER_MESSAGE * a.size();
    }
    JsonArray tools = request.getArray("tools");
    if (tools != null && !tools.isEmpty()) total += ANTHROPIC_TOOL_PROMPT + tools(tools);
    return total;
  }

  /**
   * Input tokens of an OpenAI Responses request ({@code instructions}, {@code input}, {@code tools}).
   * History held upstream under {@code previous_response_id} cannot be seen and is not counted.
   */
  public static long responsesRequest(byte[] body) {
    JsonObject o = parse(body);
    return o == null ? text(new String(body, StandardCharsets.UTF_8)) : responsesRequest(o);
  }

  /** Input tokens of a parsed Responses request. */
  public static long responsesRequest(JsonObject request) {
    long total = text(request.getString("instructions", ""));
    JsonValue input = request.get("input");
    if (input != null && input.asString() != null) {
      total += text(input.asString());
    } else if (input instanceof JsonArray items) {
      total += items(items);
    }
    JsonArray tools = request.getArray("tools");
    if (tools != null) total += tools(tools);
    return total;
  }

  /** Input tokens of an OpenAI Chat Completions request ({@code messages}, {@code tools}). */
  public static long chatRequest(byte[] body) {
    JsonObject o = parse(body);
    return o == null ? text(new String(body, StandardCharsets.UTF_8)) : chatRequest(o);
  }

  /** Input tokens of a parsed Chat Completions request. */
  public static long chatRequest(JsonObject request) {
    long total = 0;
    JsonArray messages = request.getArray("messages");
    if (messages != null) total += items(messages);
    JsonArray tools = request.getArray("tools");
    if (tools != null) total += tools(tools);
    JsonArray functions = request.getArray("functions");
    if (functions != null) total += tools(functions);
    return total;
  }

  /** Input tokens of a Gemini generateContent request body; a body that is not a JSON object is estimated as text. */
  public static long geminiRequest(byte[] body) {
    JsonObject o = parse(body);
    return o == null ? text(new String(body, StandardCharsets.UTF_8)) : geminiRequest(o);
  }

  /** Input tokens of a Gemini generateContent request ({@code systemInstruction}, {@code contents}, {@code tools}). */
  public static long geminiRequest(JsonObject request) {
    long total = 0;
    JsonObject system = request.getObject("systemInstruction");
    if (system == null) system = request.getObject("system_instruction");
    if (system != null) total += values(system);
    JsonArray contents = request.getArray("contents");
    if (contents != null) total += items(contents);
    JsonArray tools = request.getArray("tools");
    if (tools != null) total += tools(tools);
    return total;
  }

  /**
   * Tokens of a list of input items or messages (Responses {@code input}, Chat {@code messages},
   * Responses {@code output}): each item's text and media plus {@value #PER_MESSAGE} per item.
   */
  public static long items(JsonArray items) {
    long total = 0;
    for (JsonValue item : items) total += PER_MESSAGE + values(item);
    return total;
  }

  /** Tokens of the text a model reads in one JSON value (string values, media), not its structure. */
  public static long values(JsonValue value) {
    TextValues values = new TextValues();
    values.walk(value);
    return values.tokens();
  }

  private static long tools(JsonArray tools) {
    long total = 0;
    for (JsonValue tool : tools) {
      JsonText json = new JsonText();
      json.walk(tool);
      total += json.tokens();
    }
    return total;
  }

  private static JsonObject parse(byte[] body) {
    try {
      JsonValue v = Json.parse(body);
      return v.asObject();
    } catch (MalformedJsonException e) {
      return null;
    }
  }
}
