package dev.llmrouter.convert;

import static dev.llmrouter.convert.TestSupport.CONVERTER;
import static dev.llmrouter.convert.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.error.RouterException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Client requests that cannot be read or converted are 400s with a precise message; bad upstream data is not. */
class ClientInputTest {
  private static final Converter STRICT = Converters.standard(true);

  private static ClientRequestException reject(Protocol client, Protocol upstream, String body) {
    return reject(CONVERTER, client, upstream, body);
  }

  private static ClientRequestException reject(Converter converter, Protocol client, Protocol upstream, String body) {
    ClientRequestException e = assertThrows(ClientRequestException.class,
        () -> converter.request(client, upstream, body.getBytes(StandardCharsets.UTF_8), context(false)));
    assertEquals(400, e.status());
    assertEquals(ErrorType.INVALID_REQUEST, e.type());
    return e;
  }

  @Test
  void malformedJsonIsAClientError() {
    reject(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "{\"model\":");
    reject(Protocol.RESPONSES, Protocol.CLAUDE, "[]");
  }

  @Test
  void missingMessagesIsAClientError() {
    assertEquals("messages: expected an array", reject(Protocol.CLAUDE, Protocol.GEMINI, "{\"model\":\"m\"}").getMessage());
    assertEquals("contents: expected an array", reject(Protocol.GEMINI, Protocol.CLAUDE, "{}").getMessage());
  }

  @Test
  void contentThatCannotBeConvertedNamesItsPath() {
    assertEquals("messages[0].content[1]: content block type 'server_tool_use' cannot be sent to this channel",
        reject(Protocol.CLAUDE, Protocol.OPENAI_CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"server_tool_use\"}]}]}").getMessage());
    // Responses items and hosted tools without a counterpart are refused only by a strict converter
    // (CONVERSION_STRICT); ResponsesToolsTest shows the lenient default.
    assertEquals("input[0]: input item type 'web_search_call' cannot be sent to this channel",
        reject(STRICT, Protocol.RESPONSES, Protocol.CLAUDE, "{\"input\":[{\"type\":\"web_search_call\"}]}").getMessage());
    assertEquals("tools[1]: tool type 'file_search' cannot be sent to this channel",
        reject(STRICT, Protocol.RESPONSES, Protocol.CLAUDE,
            "{\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"},{\"type\":\"file_search\"}]}").getMessage());
    assertEquals("tools[0]: server tool 'code_execution_20250522' cannot be sent to this channel",
        reject(Protocol.CLAUDE, Protocol.GEMINI, "{\"messages\":[],\"tools\":[{\"type\":\"code_execution_20250522\",\"name\":\"code_execution\"}]}").getMessage());
    assertEquals("tools[0]: only functionDeclarations and googleSearch can be sent to this channel",
        reject(Protocol.GEMINI, Protocol.CLAUDE, "{\"contents\":[],\"tools\":[{\"urlContext\":{}}]}").getMessage());
  }

  @Test
  void undecodableUpstreamAnswerIsNotAClientError() {
    RouterException e = assertThrows(RouterException.class,
        () -> CONVERTER.response(Protocol.OPENAI_CHAT, Protocol.CLAUDE, "<html>".getBytes(StandardCharsets.UTF_8), context(false)));
    assertEquals(false, e instanceof ClientRequestException);
  }
}
