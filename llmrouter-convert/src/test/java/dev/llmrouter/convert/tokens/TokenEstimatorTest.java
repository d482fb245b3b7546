package dev.llmrouter.convert.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  static String base64Image(String format, int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static long messages(String json) {
    return TokenEstimator.messagesRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textFollowsTheOriginalWeights() {
    assertEquals(0, TokenEstimator.text(""));
    assertEquals(0, TokenEstimator.text(null));
    assertEquals(3, TokenEstimator.text("Hello world"));
    assertEquals(3, TokenEstimator.text("你好世界"));
    assertEquals(3, TokenEstimator.text("Hello 你好"));
    assertEquals(7, TokenEstimator.text("You are a helpful assistant."));
    // Hiragana, Katakana and Hangul count as CJK; CJK punctuation does not.
    assertEquals(2, TokenEstimator.text("ひカ한"));
    assertEquals(1, TokenEstimator.text("，。，"));
  }

  @Test
  void whiteSpaceIsGoUnicodeSpaceNotJavaWhitespace() {
    // No-break spaces are white space for the estimate (Java's isWhitespace says no).
    assertEquals(0, TokenEstimator.text("\u00a0\u00a0\u00a0\u00a0\u2007\u202f\u3000"));
    // U+001C..U+001F are not (Java's isWhitespace says yes): 7 of them are 2 tokens.
    assertEquals(2, TokenEstimator.text("\u001c\u001d\u001e\u001f\u001c\u001d\u001e"));
  }

  @Test
  void workedExampleOfTheOriginalHolds() {
    assertEquals(21, messages("{\"model\":\"claude-3\",\"system\":\"You are a helpful assistant.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}"));
  }

  @Test
  void systemArrayCountsItsTextBlocks() {
    assertEquals(7, messages("{\"system\":[{\"type\":\"text\",\"text\":\"You are a helpful assistant.\","
        + "\"cache_control\":{\"type\":\"ephemeral\"}}]}"));
  }

  @Test
  void nullBodyMembersAndNonJsonAreHandled() {
    assertEquals(0, messages("{\"messages\":null}"));
    assertEquals(0, messages("{}"));
    assertEquals(3, messages("Hello world"));
  }

  @Test
  void toolsCountByTheirSchemaTextNotAFlatRate() {
    // The original's second example: 9 + 4 + 150 per tool = 313. Tools now cost Anthropic's tool
    // prompt plus the text of each definition: {"name":"a"} is 12 characters, 3 tokens.
    assertEquals(9 + 4 + 346 + 3 + 3, messages("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"));
    String small = "{\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\"}}]}";
    StringBuilder props = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      if (i > 0) props.append(',');
      props.append("\"field_").append(i).append("\":{\"type\":\"string\",\"description\":\"The value of field ")
          .append(i).append(" as shown to the user\"}");
    }
    String large = "{\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\",\"properties\":{" + props + "}}}]}";
    long smallTokens = messages(small);
    long largeTokens = messages(large);
    // 45 characters of JSON: 13 tokens.
    assertEquals(346 + 13, smallTokens);
    assertTrue(largeTokens > smallTokens + 500, "large schema " + largeTokens + " vs small " + smallTokens);
  }

  @Test
  void pngImageCountsByItsPixelsNotItsBase64Length() throws IOException {
    String data = base64Image("png", 1000, 750);
    String request = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
        + "{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + data + "\"}}]}]}";
    String empty = "{\"messages\":[{\"role\":\"user\",\"content\":[]}]}";
    // 1000 x 750 / 750 = 1000 tokens, whatever the length of the encoded bytes.
    assertEquals(1000, messages(request) - messages(empty) + 0);
  }

  @Test
  void largeImagesAreScaledAndCapped() throws IOException {
    assertEquals(1600, TokenEstimator.image(3000, 2000));
    assertEquals(1600, TokenEstimator.image(1568, 1568));
    // 4000 x 400 scales to 1568 x 156: 244,608 pixels, 327 tokens.
    assertEquals(327, TokenEstimator.image(4000, 400));
    assertEquals(1, TokenEstimator.image(1, 1));
    String data = base64Image("png", 3000, 2000);
    assertEquals(1600, MediaTokens.base64Image(data));
  }

  @Test
  void jpegGifAndWebpHeadersAreRead() throws IOException {
    assertEquals(27, MediaTokens.base64Image(base64Image("jpg", 200, 100)));
    assertEquals(120, MediaTokens.base64Image(base64Image("gif", 300, 300)));
    byte[] webp = new byte[30];
    byte[] head = "RIFF\0\0\0\0WEBPVP8X".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(head, 0, webp, 0, head.length);
    // Canvas width - 1 and height - 1, 24-bit little-endian at offsets 24 and 27: 800 x 600.
    webp[24] = (byte) (799 & 0xff);
    webp[25] = (byte) (799 >> 8);
    webp[27] = (byte) (599 & 0xff);
    webp[28] = (byte) (599 >> 8);
    assertEquals(640, MediaTokens.base64Image(Base64.getEncoder().encodeToString(webp)));
  }

  @Test
  void unreadableOrRemoteImagesCountTheCap() {
    assertEquals(1600, MediaTokens.base64Image("bm90IGFuIGltYWdl"));
    String request = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
        + "{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}}]}]}";
    String empty = "{\"messages\":[{\"role\":\"user\",\"content\":[]}]}";
    assertEquals(1600, messages(request) - messages(empty));
  }

  @Test
  void documentsCountTheirTextOrPages() {
    String textDoc = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":"
        + "{\"type\":\"text\",\"media_type\":\"text/plain\",\"data\":\"You are a helpful assistant.\"}}]}]}";
    String empty = "{\"messages\":[{\"role\":\"user\",\"content\":[]}]}";
    assertEquals(7, messages(textDoc) - messages(empty));
    String pdf = "%PDF-1.4\n1 0 obj << /Type /Pages /Count 3 >> endobj\n"
        + "2 0 obj << /Type /Page >> endobj 3 0 obj << /Type/Page >> endobj 4 0 obj <</Type /Page>> endobj\n%%EOF";
    String pdfDoc = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":"
        + "{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\""
        + Base64.getEncoder().encodeToString(pdf.getBytes(StandardCharsets.ISO_8859_1)) + "\"}}]}]}";
    assertEquals(3 * 2250, messages(pdfDoc) - messages(empty));
  }

  @Test
  void thinkingSignaturesAreNotCounted() {
    String sig = "x".repeat(4000);
    String with = "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\","
        + "\"signature\":\"" + sig + "\"}]}]}";
    String without = "{\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"}]}]}";
    assertEquals(messages(without), messages(with));
  }

  @Test
  void responsesRequestsCountInstructionsInputAndTools() {
    // The original's tolerant bounds, met with exact values.
    assertEquals(5, TokenEstimator.responsesRequest("{\"input\":\"Hello, how are you?\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(12, TokenEstimator.responsesRequest(("{\"instructions\":\"You are a helpful assistant.\","
        + "\"input\":\"Hello, how are you?\"}").getBytes(StandardCharsets.UTF_8)));
    assertEquals(9, TokenEstimator.responsesRequest(("{\"input\":[{\"type\":\"message\",\"role\":\"user\","
        + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hello, how are you?\"}]}]}").getBytes(StandardCharsets.UTF_8)));
    // A function call item counts its name and arguments (27 characters); its call id is not text.
    assertEquals(4 + 8, TokenEstimator.responsesRequest(("{\"input\":[{\"type\":\"function_call\","
        + "\"call_id\":\"call_123456789\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}]}")
        .getBytes(StandardCharsets.UTF_8)));
    long withTool = TokenEstimator.responsesRequest(("{\"input\":\"hi\",\"tools\":[{\"type\":\"function\","
        + "\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}]}")
        .getBytes(StandardCharsets.UTF_8));
    // The tool's JSON is 111 characters: 32 tokens.
    assertEquals(1 + 32, withTool);
  }

  @Test
  void responsesAndChatImagesCountByPixels() throws IOException {
    String url = "data:image/png;base64," + base64Image("png", 750, 750);
    long responses = TokenEstimator.responsesRequest(("{\"input\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"input_image\",\"image_url\":\"" + url + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
    assertEquals(4 + 750, responses);
    long chat = TokenEstimator.chatRequest(("{\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\"}}]}]}").getBytes(StandardCharsets.UTF_8));
    assertEquals(4 + 750, chat);
  }

  @Test
  void chatRequestsCountMessagesAndToolCalls() {
    long chat = TokenEstimator.chatRequest(("{\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}]}")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(4 + 7 + 4 + 8, chat);
  }

  @Test
  void geminiRequestsCountContentsAndInlineImages() throws IOException {
    String data = base64Image("png", 750, 1500);
    long gemini = TokenEstimator.geminiRequest(dev.llmrouter.api.json.Json.parseObject(
        "{\"systemInstruction\":{\"parts\":[{\"text\":\"You are a helpful assistant.\"}]},\"contents\":[{\"role\":\"user\","
            + "\"parts\":[{\"text\":\"Hello world\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + data + "\"}}]}]}"));
    assertEquals(7 + 4 + 3 + 1500, gemini);
  }

  @Test
  void responsesOutputItemsCountTheirTextCallsAndSummaries() {
    assertEquals(0, TokenEstimator.items(new dev.llmrouter.api.json.JsonArray()));
    dev.llmrouter.api.json.JsonArray output = (dev.llmrouter.api.json.JsonArray) dev.llmrouter.api.json.Json.parse(
        "[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Hello, how are you today?\"}]},"
            + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\","
            + "\"text\":\"The user greets me politely.\"}],\"encrypted_content\":\"" + "Z".repeat(500) + "\"}]");
    // 4 per item: 6 for the text (21 characters), 8 for the call, 7 for the summary (24 characters).
    assertEquals(4 + 6 + 4 + 8 + 4 + 7, TokenEstimator.items(output));
    assertEquals(3, TokenEstimator.geminiRequest("Hello world".getBytes(StandardCharsets.UTF_8)));
  }
}
