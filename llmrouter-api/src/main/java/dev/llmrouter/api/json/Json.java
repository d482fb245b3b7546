package dev.llmrouter.api.json;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Parses and writes {@link JsonValue} trees without loss: numbers keep their text, member order is
 * kept, unknown members survive. Strict JSON in valid UTF-8 is parsed by a byte-level parser and
 * trees are written by {@link JsonOutput}; input that parser does not take (malformed or unusual
 * JSON) is parsed by Moshi's streaming reader, whose results and error messages are the reference
 * the fast paths match byte for byte. This class is stateless and thread-safe.
 */
public final class Json {
  private Json() {}

  /**
   * Parses one JSON value that must fill the whole input. A repeated member name keeps its first
   * position and its last value.
   *
   * @param bytes UTF-8 JSON
   * @return a new tree that the caller owns
   * @throws MalformedJsonException when the bytes are not one well-formed JSON value
   */
  public static JsonValue parse(byte[] bytes) {
    return parse(bytes, null);
  }

  /**
   * Parses one JSON value, sharing short strings with earlier parses through a pool; see
   * {@link #parse(byte[])}. The tree is the same as without the pool.
   *
   * @param bytes UTF-8 JSON
   * @param pool the pool of the caller's stream of documents, or null for none
   * @return a new tree that the caller owns
   * @throws MalformedJsonException when the bytes are not one well-formed JSON value
   */
  public static JsonValue parse(byte[] bytes, JsonStringPool pool) {
    JsonValue fast = Utf8JsonParser.parse(bytes, pool, null);
    return fast != null ? fast : parse(new Buffer().write(bytes));
  }

  /**
   * Parses one JSON object and records where its long strings stand in {@code bytes}, so that
   * writing with the same {@link JsonSourceStrings} copies them; see {@link #parseObject(byte[])}.
   *
   * @param bytes UTF-8 JSON; must not change while {@code sources} is used
   * @param sources receives the positions of long strings, or null to record none
   * @return a new object that the caller owns
   * @throws MalformedJsonException when the bytes are not well-formed JSON or not an object
   */
  public static JsonObject parseObject(byte[] bytes, JsonSourceStrings sources) {
    JsonValue v = Utf8JsonParser.parse(bytes, null, sources);
    if (v == null) v = parse(new Buffer().write(bytes));
    if (v instanceof JsonObject o) return o;
    throw new MalformedJsonException("expected a JSON object at $ but found " + kind(v));
  }

  /**
   * Parses a string; see {@link #parse(byte[])}.
   *
   * @param text the JSON text
   * @return a new tree that the caller owns
   * @throws MalformedJsonException when the text is not one well-formed JSON value
   */
  public static JsonValue parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a string, sharing short strings with earlier parses; see {@link #parse(byte[], JsonStringPool)}.
   *
   * @param text the JSON text
   * @param pool the pool of the caller's stream of documents, or null for none
   * @return a new tree that the caller owns
   * @throws MalformedJsonException when the text is not one well-formed JSON value
   */
  public static JsonValue parse(String text, JsonStringPool pool) {
    return parse(text.getBytes(StandardCharsets.UTF_8), pool);
  }

  /**
   * Parses one JSON value and requires an object.
   *
   * @param bytes UTF-8 JSON
   * @return a new object that the caller owns
   * @throws MalformedJsonException when the bytes are not well-formed JSON or not an object
   */
  public static JsonObject parseObject(byte[] bytes) {
    return parseObject(bytes, null);
  }

  /**
   * Parses one JSON value and requires an object.
   *
   * @param text the JSON text
   * @return a new object that the caller owns
   * @throws MalformedJsonException when the text is not well-formed JSON or not an object
   */
  public static JsonObject parseObject(String text) {
    return parseObject(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonValue parse(Buffer buffer) {
    JsonReader reader = JsonReader.of(buffer);
    try {
      if (reader.peek() == JsonReader.Token.END_DOCUMENT) {
        throw new MalformedJsonException("empty input: expected a JSON value");
      }
      JsonValue value = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new MalformedJsonException("unexpected data after the JSON value at " + reader.getPath());
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedJsonException m) throw m;
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new MalformedJsonException("malformed JSON: " + message, e);
    }
  }

  /**
   * Reads the next value from a Moshi reader positioned before it, leaving the reader after it.
   *
   * @param reader the reader; still owned by the caller, not closed
   * @return a new tree
   * @throws IOException when the reader fails or the JSON is malformed (Moshi's
   *     {@code JsonEncodingException})
   * @throws MalformedJsonException when the reader is not positioned before a value
   */
  static JsonValue read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          object.members().put(name, read(reader));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY: {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) array.items().add(read(reader));
        reader.endArray();
        return array;
      }
      case STRING:
        return new JsonString(reader.nextString());
      case NUMBER:
        return new JsonNumber(reader.nextString());
      case BOOLEAN:
        return JsonBoolean.of(reader.nextBoolean());
      case NULL:
        reader.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw new MalformedJsonException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  /**
   * Writes a value as compact JSON.
   *
   * @param value the tree; {@link JsonNumber}s are written with their original text
   * @return UTF-8 bytes
   */
  public static byte[] write(JsonValue value) {
    return new JsonOutput().value(value).toByteArray();
  }

  /**
   * Writes a value as compact JSON into a buffer sized for the expected output.
   *
   * @param value the tree; {@link JsonNumber}s are written with their original text
   * @param sizeHint the expected size in bytes (a larger output still fits)
   * @return UTF-8 bytes
   */
  public static byte[] write(JsonValue value, int sizeHint) {
    return new JsonOutput(Math.max(sizeHint, 16)).value(value).toByteArray();
  }

  /**
   * Writes a value as compact JSON, copying the bytes of strings recorded by
   * {@link #parseObject(byte[], JsonSourceStrings)} instead of escaping them again; the bytes are
   * the same as {@link #write(JsonValue)}'s.
   *
   * @param value the tree
   * @param sizeHint the expected size in bytes (a larger output still fits)
   * @param sources strings recorded while parsing, or null
   * @return UTF-8 bytes
   */
  public static byte[] write(JsonValue value, int sizeHint, JsonSourceStrings sources) {
    return new JsonOutput(Math.max(sizeHint, 16)).sources(sources).value(value).toByteArray();
  }

  /**
   * Writes a value as a compact JSON string.
   *
   * @param value the tree
   * @return the JSON text
   */
  public static String writeString(JsonValue value) {
    return new String(write(value), StandardCharsets.UTF_8);
  }

  /**
   * Writes a value as JSON indented by two spaces, ending with a newline (for files people edit).
   *
   * @param value the tree
   * @return UTF-8 bytes
   */
  public static byte[] writePretty(JsonValue value) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      writer.setIndent("  ");
      write(writer, value);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.writeByte('\n');
    return buffer.readByteArray();
  }

  /**
   * Writes a value as compact JSON to a sink and flushes it.
   *
   * @param value the tree
   * @param sink the destination; the sink is closed afterwards, so pass one the caller no longer needs
   *     or an okio {@code Buffer}
   * @throws java.io.UncheckedIOException when the sink fails
   */
  static void writeTo(JsonValue value, BufferedSink sink) {
    byte[] bytes = write(value);
    try (BufferedSink s = sink) {
      s.write(bytes);
      s.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a value to a Moshi writer, for callers that stream a larger document.
   *
   * @param writer the writer; still owned by the caller, not flushed or closed
   * @param value the tree
   * @throws IOException when the writer fails
   */
  static void write(JsonWriter writer, JsonValue value) throws IOException {
    if (value instanceof JsonObject o) {
      writer.beginObject();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        writer.name(e.getKey());
        write(writer, e.getValue());
      }
      writer.endObject();
    } else if (value instanceof JsonArray a) {
      writer.beginArray();
      for (JsonValue v : a.items()) write(writer, v);
      writer.endArray();
    } else if (value instanceof JsonString s) {
      writer.value(s.value());
    } else if (value instanceof JsonNumber n) {
      try (BufferedSink sink = writer.valueSink()) {
        sink.writeUtf8(n.text());
      }
    } else if (value instanceof JsonBoolean b) {
      writer.value(b.value());
    } else {
      writer.nullValue();
    }
  }

  /**
   * Quotes a string as a JSON string literal.
   *
   * @param s the text
   * @return the literal, quotes included, with JSON escapes
   */
  public static String quote(String s) {
    return new String(new JsonOutput(s.length() + 16).string(s).toByteArray(), StandardCharsets.UTF_8);
  }

  static String kind(JsonValue v) {
    if (v instanceof JsonObject) return "an object";
    if (v instanceof JsonArray) return "an array";
    if (v instanceof JsonString) return "a string";
    if (v instanceof JsonNumber) return "a number";
    if (v instanceof JsonBoolean) return "a boolean";
    return "null";
  }
}
