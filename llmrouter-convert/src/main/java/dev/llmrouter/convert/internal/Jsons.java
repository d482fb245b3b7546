package dev.llmrouter.convert.internal;

import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.error.RouterException;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonSourceStrings;
import dev.llmrouter.api.json.JsonStringPool;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import java.util.List;

/**
 * Small typed readers and writers over the JSON tree, shared by the codecs. Stateless and
 * thread-safe.
 */
public final class Jsons {
  private Jsons() {}

  /**
   * Returns the model named in answers: the client's, else the upstream's, else empty.
   *
   * @param ctx the conversion context
   * @param upstreamModel the model the upstream named, or null
   * @return the model; never null
   */
  public static String clientModel(dev.llmrouter.api.convert.ConvertContext ctx, String upstreamModel) {
    if (ctx.clientModel() != null) return ctx.clientModel();
    return upstreamModel == null ? "" : upstreamModel;
  }

  /**
   * Creates a 400 in the client's shape for a request the codecs cannot read.
   *
   * @param message the reason, naming the JSON path
   * @return the exception, for the caller to throw
   */
  public static ClientRequestException badRequest(String message) {
    return new ClientRequestException(400, ErrorType.INVALID_REQUEST, message);
  }

  /**
   * Parses a client body as an object.
   *
   * @param body the client's body
   * @return the object
   * @throws ClientRequestException when the body is not a JSON object
   */
  public static JsonObject clientObject(byte[] body) {
    return clientObject(body, null);
  }

  /**
   * Parses a client body as an object, recording where its long strings stand in the body.
   *
   * @param body the client's body; must not change while {@code sources} is used
   * @param sources receives the positions of long strings, or null
   * @return the object
   * @throws ClientRequestException when the body is not a JSON object
   */
  public static JsonObject clientObject(byte[] body, JsonSourceStrings sources) {
    try {
      return Json.parseObject(body, sources);
    } catch (MalformedJsonException e) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST, "invalid JSON body: " + e.getMessage(), e);
    }
  }

  /**
   * Parses an upstream body as an object.
   *
   * @param body the upstream's body
   * @return the object
   * @throws RouterException when the body is not a JSON object
   */
  public static JsonObject upstreamObject(byte[] body) {
    return upstreamObject(body, null);
  }

  /**
   * Parses an upstream body as an object, recording where its long strings stand in the body.
   *
   * @param body the upstream's body; must not change while {@code sources} is used
   * @param sources receives the positions of long strings, or null
   * @return the object
   * @throws RouterException when the body is not a JSON object
   */
  public static JsonObject upstreamObject(byte[] body, JsonSourceStrings sources) {
    try {
      return Json.parseObject(body, sources);
    } catch (MalformedJsonException e) {
      throw new RouterException("undecodable upstream body: " + e.getMessage(), e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @param text the text, or null
   * @return the value, or null when the text is blank or not JSON
   */
  public static JsonValue tryParse(String text) {
    return tryParse(text, null);
  }

  /**
   * Parses JSON text, sharing short strings with the stream's earlier parses.
   *
   * @param text the text, or null
   * @param pool the stream's string pool, or null for none
   * @return the value, or null when the text is blank or not JSON
   */
  public static JsonValue tryParse(String text, JsonStringPool pool) {
    if (text == null || text.isBlank()) return null;
    try {
      return Json.parse(text, pool);
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  /**
   * Reads a number member as a double.
   *
   * @param o the object
   * @param name the member name
   * @return the value, or null when absent or not a number
   */
  public static Double dbl(JsonObject o, String name) {
    JsonNumber n = o.getNumber(name);
    return n == null ? null : n.doubleValue();
  }

  /**
   * Reads a number member as an int (a fraction is truncated).
   *
   * @param o the object
   * @param name the member name
   * @return the value, or null when absent or not a number
   */
  public static Integer integer(JsonObject o, String name) {
    JsonNumber n = o.getNumber(name);
    return n == null ? null : (int) n.longValue();
  }

  /**
   * Reads a token count: a number member, never negative.
   *
   * @param o the object, or null
   * @param name the member name
   * @return the value, 0 when the object or member is absent or negative
   */
  public static long lng(JsonObject o, String name) {
    return o == null ? 0 : Math.max(0, o.getLong(name, 0));
  }

  /**
   * Reads an array member.
   *
   * @param o the object, or null
   * @param name the member name
   * @return the live array, or a new empty one when absent or not an array
   */
  public static JsonArray arr(JsonObject o, String name) {
    JsonArray a = o == null ? null : o.getArray(name);
    return a == null ? new JsonArray() : a;
  }

  /**
   * Reads an object member.
   *
   * @param o the object, or null
   * @param name the member name
   * @return the live object, or a new empty one when absent or not an object
   */
  public static JsonObject obj(JsonObject o, String name) {
    JsonObject v = o == null ? null : o.getObject(name);
    return v == null ? new JsonObject() : v;
  }

  /**
   * Requires an object element.
   *
   * @param v the value
   * @param path the JSON path to name in the error
   * @return {@code v} as an object
   * @throws ClientRequestException when {@code v} is not an object
   */
  public static JsonObject requireObject(JsonValue v, String path) {
    if (v instanceof JsonObject o) return o;
    throw badRequest(path + ": expected an object");
  }

  /**
   * Sets a number member unless the value is null.
   *
   * @param o the object
   * @param name the member name
   * @param value the value, or null to leave the object as it is
   * @return {@code o}
   */
  public static JsonObject put(JsonObject o, String name, Double value) {
    if (value != null) o.put(name, JsonNumber.of(value));
    return o;
  }

  /**
   * Sets a number member unless the value is null.
   *
   * @param o the object
   * @param name the member name
   * @param value the value, or null to leave the object as it is
   * @return {@code o}
   */
  public static JsonObject put(JsonObject o, String name, Integer value) {
    if (value != null) o.put(name, JsonNumber.of(value.longValue()));
    return o;
  }

  /**
   * Builds an array of strings.
   *
   * @param values the strings
   * @return a new array
   */
  public static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    for (String s : values) a.add(new JsonString(s));
    return a;
  }

  /**
   * Reads a single string or an array of strings; other values and non-string items are skipped.
   *
   * @param v the value, or null
   * @param into receives the strings, in order
   */
  public static void readStrings(JsonValue v, List<String> into) {
    if (v instanceof JsonString s) {
      into.add(s.value());
    } else if (v instanceof JsonArray a) {
      for (JsonValue item : a) if (item.asString() != null) into.add(item.asString());
    }
  }

  /**
   * Parses tool arguments as an object.
   *
   * @param arguments the JSON text, or null
   * @return the object; unparseable or non-object text gives a new empty object
   */
  public static JsonObject argumentsObject(String arguments) {
    JsonValue v = tryParse(arguments);
    return v instanceof JsonObject o ? o : new JsonObject();
  }

  /**
   * Parses a base64 {@code data:} URL.
   *
   * @param url the URL, or null
   * @return media type and base64 data, or null when it is not a base64 data URL
   */
  public static String[] dataUrl(String url) {
    if (url == null || !url.startsWith("data:")) return null;
    int comma = url.indexOf(',');
    if (comma < 0) return null;
    String meta = url.substring(5, comma);
    if (!meta.endsWith(";base64")) return null;
    return new String[] {meta.substring(0, meta.length() - 7), url.substring(comma + 1)};
  }

  /**
   * Builds a base64 {@code data:} URL.
   *
   * @param mediaType the media type; null means {@code application/octet-stream}
   * @param data the base64 data
   * @return the URL
   */
  public static String toDataUrl(String mediaType, String data) {
    return "data:" + (mediaType == null ? "application/octet-stream" : mediaType) + ";base64," + data;
  }
}
