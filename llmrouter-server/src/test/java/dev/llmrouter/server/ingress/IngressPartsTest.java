package dev.llmrouter.server.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.provider.StreamFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressPartsTest {
  @ParameterizedTest
  @CsvSource(value = {"key=secret|null", "alt=sse&key=secret|alt=sse", "key=a&beta=true&key=b|beta=true",
      "beta=true|beta=true", "keyword=x|keyword=x", "|null"}, delimiter = '|', nullValues = "null")
  void accessKeyNeverStaysInTheQuery(String query, String expected) {
    assertEquals(expected, QueryStrings.withoutKey(query));
  }

  @Test
  void geminiPathsNameModelAndAction() {
    GeminiPath p = GeminiPath.parse("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
    assertEquals("gemini-2.5-pro", p.model());
    assertTrue(p.isStream());
    assertTrue(p.isSupported());
    GeminiPath v1 = GeminiPath.parse("/v1/models/tunedModels/x:generateContent");
    assertNull(v1);
    GeminiPath colon = GeminiPath.parse("/v1/models/ft:gpt:countTokens");
    assertEquals("ft:gpt", colon.model());
    assertFalse(colon.isStream());
    assertFalse(GeminiPath.parse("/v1beta/models/g:embedContent").isSupported());
    assertNull(GeminiPath.parse("/v1beta/models/g"));
    assertNull(GeminiPath.parse("/v1/messages"));
  }

  @Test
  void jsonArrayStreamWritesEachDataPayloadAsAnElement() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonArrayStream array = new JsonArrayStream(out);
    array.write(StreamFrame.of("data: {\"a\":1}\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("[{\"a\":1}", out.toString(StandardCharsets.UTF_8));
    array.write(StreamFrame.of("data: {\"b\":\ndata: 2}\n\n: comment\n\ndata: {\"c\":3}\n\n".getBytes(StandardCharsets.UTF_8)));
    array.close();
    assertEquals("[{\"a\":1},\r\n{\"b\":\n2},\r\n{\"c\":3}]", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void emptyStreamIsAnEmptyArray() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonArrayStream(out).close();
    assertEquals("[]", out.toString(StandardCharsets.UTF_8));
  }
}
