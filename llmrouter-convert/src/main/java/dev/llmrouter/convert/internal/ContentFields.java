package dev.llmrouter.convert.internal;

import static dev.llmrouter.convert.internal.Jsons.badRequest;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.model.ContentPart;
import java.util.ArrayList;
import java.util.List;

/**
 * The message {@code content} field as the three client protocols share it: absent or null (no
 * parts), a string (one text part) or an array of parts that each protocol reads its own way.
 * Stateless and thread-safe.
 */
public final class ContentFields {
  private ContentFields() {}

  /** Reads one item of a content array. */
  @FunctionalInterface
  public interface PartReader {
    /**
     * Decodes one array item, adding what it yields (possibly nothing) to {@code parts}.
     *
     * @param item the array item
     * @param path the item's JSON path, for errors
     * @param parts where decoded parts go
     */
    void read(JsonValue item, String path, List<ContentPart> parts);
  }

  /**
   * Decodes a string-or-array content field.
   *
   * @param content the field's value, or null
   * @param path the field's JSON path, for errors
   * @param reader reads each array item
   * @return the parts, in order; empty for an absent or null field
   */
  public static List<ContentPart> decode(JsonValue content, String path, PartReader reader) {
    List<ContentPart> parts = new ArrayList<>();
    if (content == null || content.isNull()) return parts;
    if (content.asString() != null) {
      parts.add(ContentPart.Text.of(content.asString()));
      return parts;
    }
    if (!(content instanceof JsonArray a)) throw badRequest(path + ": expected a string or an array");
    for (int i = 0; i < a.size(); i++) reader.read(a.get(i), path + "[" + i + "]", parts);
    return parts;
  }
}
