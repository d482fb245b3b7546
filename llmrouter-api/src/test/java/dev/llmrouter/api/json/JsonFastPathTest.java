package dev.llmrouter.api.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The byte-level parser and {@link JsonOutput} against Moshi, which they must match byte for byte:
 * Moshi's reader and writer stay reachable through {@link Json#read} and {@link Json#write(JsonWriter,
 * JsonValue)}.
 */
class JsonFastPathTest {
  private static final String[] STRING_PIECES = {
    "a", "plain ascii text ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u0001", "\u001f",
    "\u007f", "\u00e9", "\u2192", "\u2028", "\u2029", "\u2020", "\u20ac", "\u4e2d\u6587", "\ud83d\ude00",
    "\ud800", "\udc00", "\ud83d", "<>&'", " ", "0123456789abcdef", "\u00ff\u0100"
  };

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonValue moshiParse(byte[] bytes) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().write(bytes));
    JsonValue v = Json.read(reader);
    assertEquals(JsonReader.Token.END_DOCUMENT, reader.peek());
    return v;
  }

  private static byte[] moshiWrite(JsonValue v) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      Json.write(writer, v);
    }
    return buffer.readByteArray();
  }

  /** The fast parser takes the input and builds what Moshi builds, in the same order. */
  private static void assertParsesLikeMoshi(byte[] json) throws IOException {
    JsonValue fast = Utf8JsonParser.parse(json);
    assertNotNull(fast, () -> "fast parser gave up on " + new String(json, StandardCharsets.UTF_8));
    JsonValue moshi = moshiParse(json);
    assertEquals(moshi, fast);
    assertArrayEquals(moshiWrite(moshi), moshiWrite(fast));
  }

  private static void assertWritesLikeMoshi(JsonValue v) throws IOException {
    byte[] expected = moshiWrite(v);
    assertArrayEquals(expected, Json.write(v), () -> new String(expected, StandardCharsets.UTF_8));
    assertEquals(new String(expected, StandardCharsets.UTF_8), Json.writeString(v));
  }

  @Test
  void everyEscapeDecodesLikeMoshi() throws IOException {
    assertParsesLikeMoshi(b("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9 \\u00C9 \\u2028 \\u2192 \\ud83d\\ude00 \\uD83D\\uDE00 \\u0000\""));
    assertParsesLikeMoshi(b("{\"k\\u0065y\":\"x\",\"\\n\":1}"));
    assertEquals("\ud83d\ude00", Utf8JsonParser.parse(b("\"\\ud83d\\ude00\"")).asString());
    assertEquals("a\u0000b", Utf8JsonParser.parse(b("\"a\\u0000b\"")).asString());
  }

  @Test
  void nonAsciiStringsDecodeLikeMoshi() throws IOException {
    assertParsesLikeMoshi(b("[\"\u00e9\",\"\u2192 arrow\",\"\u4e2d\u6587\",\"\ud83d\ude00\",\"mixed \u00e9\\n\u2192\\t\ud83d\ude00 end\"]"));
    assertParsesLikeMoshi(b("\"\uffff\ufffd\u0800\u07ff\u0080\udbff\udfff\""));
  }

  @Test
  void numbersKeepTheirText() throws IOException {
    String json = "[0,-0,1,-1,1.0,1e5,1E+5,1e-5,-0.0,0.1e-7,12345678901234567890123,-9223372036854775808,"
        + "9223372036854775807,9223372036854775808,3.141592653589793238462643383279]";
    assertParsesLikeMoshi(b(json));
    assertEquals(json, Json.writeString(Utf8JsonParser.parse(b(json))));
  }

  @Test
  void structureWhitespaceAndRepeatedNames() throws IOException {
    assertParsesLikeMoshi(b(" \t\r\n{ \"a\" : [ 1 , true , false , null , { } , [ ] , \"\" ] ,\n\"b\":{\"c\":{}} } \n"));
    String repeated = "{\"a\":1,\"b\":2,\"a\":3}";
    assertParsesLikeMoshi(b(repeated));
    assertEquals("{\"a\":3,\"b\":2}", Json.writeString(Json.parse(repeated)));
    assertParsesLikeMoshi(b("\"top-level string\""));
    assertParsesLikeMoshi(b("42"));
    assertParsesLikeMoshi(b("true"));
    assertParsesLikeMoshi(b("null"));
  }

  @Test
  void longStringsWithSpecialsAtEveryOffset() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      sb.append("x".repeat(i % 19)).append(STRING_PIECES[i % STRING_PIECES.length]);
    }
    String text = sb.toString();
    JsonValue v = new JsonArray().add(text).add(JsonObject.of(text, new JsonString(text)));
    assertWritesLikeMoshi(v);
    byte[] written = Json.write(v);
    // Unpaired surrogates were written as '?', so the parsed text is compared with Moshi's parse.
    assertParsesLikeMoshi(written);

    String plain = "0123456789 plain ascii ".repeat(10_000);
    assertWritesLikeMoshi(new JsonString(plain));
    assertParsesLikeMoshi(Json.write(new JsonString(plain)));
    assertEquals(plain, Json.parse(Json.write(new JsonString(plain))).asString());
  }

  @Test
  void surrogatesAtChunkEdgesAreWrittenLikeMoshi() throws IOException {
    for (int before = 2040; before < 2056; before++) {
      String a = "a".repeat(before);
      for (String tail : new String[] {"\ud83d\ude00b", "\ud83db", "\ud83d", "\ude00", "\u2028\u00e9\\n"}) {
        assertWritesLikeMoshi(new JsonString(a + tail));
        assertWritesLikeMoshi(new JsonString("\u2192".repeat(before) + tail));
      }
    }
  }

  @Test
  void randomStringsMatchMoshi() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      int pieces = random.nextInt(round % 10 == 0 ? 200 : 12);
      for (int i = 0; i < pieces; i++) {
        if (random.nextInt(4) == 0) {
          sb.append((char) random.nextInt(0x10000));
        } else {
          sb.append(STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }
      }
      String s = sb.toString();
      JsonObject o = new JsonObject().put(s, s).put("n", JsonNumber.of(round));
      assertWritesLikeMoshi(o);
      byte[] written = Json.write(o);
      assertEquals(moshiParse(written), Json.parse(written));
      assertEquals(new String(moshiWrite(new JsonString(s)), StandardCharsets.UTF_8), Json.quote(s));
    }
  }

  @Test
  void writerEscapesLikeMoshi() throws IOException {
    assertWritesLikeMoshi(new JsonString("\u0000\u0001\u001f\u007f\"\\/\b\f\n\r\t\u2028\u2029\u2020<>&'"));
    assertWritesLikeMoshi(new JsonString("lone \ud800 and \udc00 and \ud83d\u2028 pair \ud83d\ude00"));
    assertEquals("\"a\\u0000\\u001f\\u2028?\"", Json.quote("a\u0000\u001f\u2028\ud800"));
    assertWritesLikeMoshi(Json.parse("{\"a\":[1e5,-0,true,false,null,{},[]],\"b\":\"\u2192\"}"));
  }

  @Test
  void unusualInputGoesToMoshi() {
    String[] inputs = {
      "\"raw\u0001control\"", "\"raw\nnewline\"", "\"\\'\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"",
      "\"\\ud800\\u0041\"", "\"\\u12\"", "[01]", "[1.]", "[.5]", "[-]", "[1e]", "{\"a\":}", "{} {}", "",
      "  ", "[1,]", "{\"a\":1,}", "{a:1}", "['a']", "nul", "truex", "[1 2]", "\ufeff{}"
    };
    for (String input : inputs) {
      assertNull(Utf8JsonParser.parse(b(input)), input);
    }
    byte[][] badUtf8 = {
      {'"', (byte) 0xC3, '(', '"'}, {'"', (byte) 0xFF, '"'}, {'"', (byte) 0xC0, (byte) 0x80, '"'},
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, {'"', (byte) 0xE2, (byte) 0x82, '"'},
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, {'"', (byte) 0x80, '"'},
      {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'}, {'"', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}
    };
    for (byte[] input : badUtf8) {
      assertNull(Utf8JsonParser.parse(input));
    }
  }

  @Test
  void unusualInputParsesOrFailsAsMoshiDoes() throws IOException {
    // Moshi takes raw control characters and a few extra escapes; the result is Moshi's.
    assertEquals(moshiParse(b("\"a\u0001\nb\"")), Json.parse(b("\"a\u0001\nb\"")));
    assertEquals(moshiParse(b("\"\\'\"")), Json.parse("\"\\'\""));
    assertEquals(moshiParse(b("\"\\ud800x\"")), Json.parse("\"\\ud800x\""));
    byte[] invalid = {'"', 'a', (byte) 0xFF, 'b', '"'};
    assertEquals(moshiParse(invalid), Json.parse(invalid));
    String[] malformed = {"{\"a\":}", "{} {}", "", "[01]", "{a:1}", "[1,]"};
    for (String m : malformed) {
      MalformedJsonException e = assertThrows(MalformedJsonException.class, () -> Json.parse(m));
      String moshiMessage;
      try {
        moshiParse(b(m));
        moshiMessage = null;
      } catch (IOException | RuntimeException expected) {
        moshiMessage = expected.getMessage();
      }
      if (moshiMessage != null && !m.isBlank()) assertEquals("malformed JSON: " + moshiMessage, e.getMessage(), m);
    }
  }

  @Test
  void deepNestingIsMoshis() throws IOException {
    String ok = "[".repeat(Utf8JsonParser.MAX_DEPTH) + "]".repeat(Utf8JsonParser.MAX_DEPTH);
    assertParsesLikeMoshi(b(ok));
    String deeper = "[".repeat(Utf8JsonParser.MAX_DEPTH + 20) + "]".repeat(Utf8JsonParser.MAX_DEPTH + 20);
    assertNull(Utf8JsonParser.parse(b(deeper)));
    assertEquals(deeper, Json.writeString(Json.parse(deeper)));
    String tooDeep = "[".repeat(400) + "]".repeat(400);
    assertThrows(MalformedJsonException.class, () -> Json.parse(tooDeep));

    JsonArray root = new JsonArray();
    JsonArray a = root;
    for (int i = 0; i < 300; i++) {
      JsonArray next = new JsonArray();
      a.add(next);
      a = next;
    }
    RuntimeException moshi = assertThrows(RuntimeException.class, () -> moshiWrite(root));
    RuntimeException fast = assertThrows(RuntimeException.class, () -> Json.write(root));
    assertEquals(moshi.getClass(), fast.getClass());
    assertEquals(moshi.getMessage(), fast.getMessage());
  }

  @Test
  void largeDocumentsShareRepeatedShortStrings() throws IOException {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      if (i > 0) sb.append(',');
      sb.append("{\"type\":\"text\",\"t\\u0079pe\":\"x\",\"\u00e9t\u00e9\":\"\u00e9\",\"")
          .append("k".repeat(i % 40)).append("\":").append(i)
          .append(",\"id\":\"id_").append(i % 7).append("\",\"\":\"\",\"long\":\"").append("v".repeat(i % 50)).append("\"}");
    }
    byte[] json = b(sb.append(']').toString());
    assertParsesLikeMoshi(json);
    JsonArray a = Utf8JsonParser.parse(json).asArray();
    String first = a.get(0).asObject().names().iterator().next();
    String second = a.get(1).asObject().names().iterator().next();
    assertEquals("type", first);
    org.junit.jupiter.api.Assertions.assertSame(first, second);
    assertEquals("id_3", a.get(10).asObject().getString("id"));
    assertEquals("v".repeat(49), a.get(299).asObject().getString("long"));
  }

  @Test
  void aPoolSharesStringsAcrossParsesWithoutChangingTrees() throws IOException {
    JsonStringPool pool = new JsonStringPool();
    String event = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"a\\n\u00e9\"}}]}";
    JsonObject first = Json.parse(event, pool).asObject();
    JsonObject second = Json.parse(b(event), pool).asObject();
    assertEquals(first, second);
    org.junit.jupiter.api.Assertions.assertSame(first.getString("object"), second.getString("object"));
    org.junit.jupiter.api.Assertions.assertSame(first.names().iterator().next(), second.names().iterator().next());
    Random random = new Random(3);
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder("{");
      for (int k = 0; k < 5; k++) {
        if (k > 0) sb.append(',');
        sb.append("\"k").append(k).append('_').append(random.nextInt(60)).append("\":\"").append("v".repeat(random.nextInt(40)))
            .append(random.nextInt(50)).append("\"");
      }
      byte[] json = b(sb.append('}').toString());
      JsonValue pooled = Utf8JsonParser.parse(json, pool, null);
      assertEquals(moshiParse(json), pooled);
      assertArrayEquals(json, Json.write(pooled));
    }
  }

  @Test
  void sourceStringsAreCopiedOnlyWhenTheirBytesAreWhatTheWriterWrites() throws IOException {
    String pad = "padding so that the string is long enough to be recorded by the parse ".repeat(2);
    String[] canonical = {
      pad, pad + "\\\" \\\\ \\n \\t \\r \\b \\f \\u0000 \\u001f \\u2028 \\u2029 \u00e9 \u2192 \ud83d\ude00"
    };
    String[] other = {
      pad + "\\/", pad + "\\u0041", pad + "\\u001F", pad + "\\u000a", pad + "\u2028", pad + "\u2029",
      pad + "\\ud83d\\ude00", pad + "\\u007f", pad + "\\u00e9"
    };
    for (String[] group : new String[][] {canonical, other}) {
      for (String literal : group) {
        byte[] json = b("{\"a\":[\"" + literal + "\"],\"" + literal + "\":1}");
        JsonSourceStrings sources = new JsonSourceStrings();
        JsonObject o = Json.parseObject(json, sources);
        String value = o.getArray("a").get(0).asString();
        assertEquals(group == canonical, sources.get(value) != null, literal);
        assertEquals(moshiParse(json), o);
        JsonObject converted = new JsonObject().put("x", new JsonArray().add(value).add(new String(value)))
            .put(value, JsonNumber.of(2));
        assertArrayEquals(moshiWrite(converted), Json.write(converted, 16, sources), literal);
      }
    }
    JsonSourceStrings sources = new JsonSourceStrings();
    JsonObject o = Json.parseObject(b("{\"a\":\"" + pad + "\"}"), sources);
    assertNull(sources.get(new String(o.getString("a"))));
  }

  @Test
  void outputBuildsFramesAndIsReusable() {
    JsonOutput out = new JsonOutput(0);
    out.writeUtf8("data: ").value(JsonObject.of("t", new JsonString("\u2192"))).writeByte('\n');
    assertEquals("data: {\"t\":\"\u2192\"}\n", new String(out.toByteArray(), StandardCharsets.UTF_8));
    assertEquals(5, out.indexOf((byte) ' ', 0));
    assertEquals(-1, out.indexOf((byte) 'x', 0));
    out.reset().string("a\"b").write(new byte[] {'!'});
    assertEquals("\"a\\\"b\"!", new String(out.toByteArray(), StandardCharsets.UTF_8));
    assertEquals(7, out.size());
    assertEquals("caf\u00e9 ?", new String(new JsonOutput().writeUtf8("caf\u00e9 \ud800").toByteArray(), StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> new JsonOutput(-1));
  }

  @Test
  void writeToFillsAndClosesTheSink() throws IOException {
    Buffer sink = new Buffer();
    Json.writeTo(Json.parse("{\"a\":[1,\"\u2192\"]}"), sink);
    assertEquals("{\"a\":[1,\"\u2192\"]}", sink.readUtf8());
    assertEquals("{\"a\":1}", new String(Json.write(Json.parse("{\"a\":1}"), 1), StandardCharsets.UTF_8));
  }
}
