package dev.llmrouter.convert.internal;

import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.error.RouterException;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNumber;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.json.MalformedJsonException;
import java.util.List;

/** Small typed readers and writers over the JSON tree, shared by the codecs. Stateless. */
public final class Jsons {
  private Jsons() {}

  /** The model named in answers: the client's, else the upstream's, else empty. */
  public static String clientModel(dev.llmrouter.api.convert.ConvertContext ctx, String upstreamModel) {
    if (ctx.clientModel() != null) return ctx.clientModel();
    return upstreamModel == null ? "" : upstreamModel;
  }

  /** A 400 in the client's shape for a request the codecs cannot read. */
  public static ClientRequestException badRequest(String message) {
    return new ClientRequestException(400, ErrorType.INVALID_REQUEST, message);
  }

  /** Parses a client body as an object. @throws ClientRequestException when it is not one */
  public static JsonObject clientObject(byte[] body) {
    try {
      return Json.parseObject(body);
    } catch (MalformedJsonException e) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST, "invalid JSON body: " + e.getMessage(), e);
    }
  }

  /** Parses an upstream body as an object. @throws RouterException when it is not one */
  public static JsonObject upstreamObject(byte[] body) {
    try {
      return Json.parseObject(body);
    } catch (MalformedJsonException e) {
      throw new RouterException("undecodable upstream body: " + e.getMessage(), e);
    }
  }

  /** Parses JSON text, or returns null when it is not JSON. */
  public static JsonValue tryParse(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return Json.parse(text);
    } catch (MalformedJsonException e) {
      return null;
    }
  }

  public static Double dbl(JsonObject o, String name) {
    JsonNumber n = o.getNumber(name);
    return n == null ? null : n.doubleValue();
  }

  public static Integer integer(JsonObject o, String name) {
    JsonNumber n = o.getNumber(name);
    return n == null ? null : (int) n.longValue();
  }

  public static long lng(JsonObject o, String name) {
    return o == null ? 0 : Math.max(0, o.getLong(name, 0));
  }

  /** The array member, or an empty array. */
  public static JsonArray arr(JsonObject o, String name) {
    JsonArray a = o == null ? null : o.getArray(name);
    return a == null ? new JsonArray() : a;
  }

  /** The object member, or an empty object. */
  public static JsonObject obj(JsonObject o, String name) {
    JsonObject v = o == null ? null : o.getObject(name);
    return v == null ? new JsonObject() : v;
  }

  /** Requires an object element. @throws ClientRequestException otherwise */
  public static JsonObject requireObject(JsonValue v, String path) {
    if (v instanceof JsonObject o) return o;
    throw badRequest(path + ": expected an object");
  }

  public static JsonObject put(JsonObject o, String name, Double value) {
    if (value != null) o.put(name, JsonNumber.of(value));
    return o;
  }

  public static JsonObject put(JsonObject o, String name, Integer value) {
    if (value != null) o.put(name, JsonNumber.of(value.longValue()));
    return o;
  }

  public static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    for (String s : values) a.add(new JsonString(s));
    return a;
  }

  /** A string member or a single string / array of strings as a list. */
  public static void readStrings(JsonValue v, List<String> into) {
    if (v instanceof JsonString s) {
      into.add(s.value());
    } else if (v instanceof JsonArray a) {
      for (JsonValue item : a) if (item.asString() != null) into.add(item.asString());
    }
  }

  /** Tool arguments as an object: unparseable or non-object text gives an empty object. */
  public static JsonObject argumentsObject(String arguments) {
    JsonValue v = tryParse(arguments);
    return v instanceof JsonObject o ? o : new JsonObject();
  }

  /** Parses a {@code data:} URL into media type and base64 data, or null when it is not one. */
  public static String[] dataUrl(String url) {
    if (url == null || !url.startsWith("data:")) return null;
    int comma = url.indexOf(',');
    if (comma < 0) return null;
    String meta = url.substring(5, comma);
    if (!meta.endsWith(";base64")) return null;
    return new String[] {meta.substring(0, meta.length() - 7), url.substring(comma + 1)};
  }

  public static String toDataUrl(String mediaType, String data) {
    return "data:" + (mediaType == null ? "application/octet-stream" : mediaType) + ";base64," + data;
  }
}
