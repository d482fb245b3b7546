package dev.llmrouter.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in upstream on a free local port, so that each example's {@code main} runs with no
 * account and no network: Anthropic Messages ({@code /v1/messages}) and OpenAI Chat Completions
 * ({@code /v1/chat/completions}), plain or streamed, and any path under {@code /overloaded} answers
 * 529. Give an example real base URLs as its arguments to call a vendor instead.
 */
public final class LocalMock implements AutoCloseable {
  private static final String MESSAGE = "{\"id\":\"msg_local\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"%s\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from the local mock.\"}],"
      + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":8,\"output_tokens\":6}}";
  private static final String OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      + "\"message\":\"Overloaded\"}}";
  private static final String[] WORDS = {"Packets ", "find ", "their ", "way ", "home."};

  private final HttpServer server;

  private LocalMock(HttpServer server) {
    this.server = server;
  }

  /** Starts the mock on 127.0.0.1 and a free port. */
  public static LocalMock start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", LocalMock::answer);
      server.start();
      return new LocalMock(server);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the local mock", e);
    }
  }

  /** The base URL of a channel on this mock; a {@code prefix} such as {@code /overloaded} shapes its answers. */
  public String url(String prefix) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
  }

  private static void answer(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean stream = body.replace(" ", "").contains("\"stream\":true");
    if (path.startsWith("/overloaded")) {
      send(ex, 529, "application/json", OVERLOADED);
    } else if (path.endsWith("/v1/messages")) {
      if (stream) {
        StringBuilder sse = new StringBuilder()
            .append(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_local\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\"mock\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":8,\"output_tokens\":0}}}"))
            .append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        for (String w : WORDS) {
          sse.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
              + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + w + "\"}}"));
        }
        sse.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"))
            .append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":5}}"))
            .append(event("message_stop", "{\"type\":\"message_stop\"}"));
        send(ex, 200, "text/event-stream", sse.toString());
      } else {
        send(ex, 200, "application/json", String.format(MESSAGE, "mock"));
      }
    } else if (path.endsWith("/v1/chat/completions")) {
      if (stream) {
        StringBuilder sse = new StringBuilder();
        for (String w : WORDS) {
          sse.append("data: {\"id\":\"chatcmpl-local\",\"object\":\"chat.completion.chunk\",\"model\":\"mock\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + w + "\"},\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"id\":\"chatcmpl-local\",\"object\":\"chat.completion.chunk\",\"model\":\"mock\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":5,\"total_tokens\":13}}\n\n")
            .append("data: [DONE]\n\n");
        send(ex, 200, "text/event-stream", sse.toString());
      } else {
        send(ex, 200, "application/json", "{\"id\":\"chatcmpl-local\",\"object\":\"chat.completion\","
            + "\"model\":\"mock\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello from the local mock.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":8,"
            + "\"completion_tokens\":6,\"total_tokens\":14}}");
      }
    } else {
      send(ex, 404, "application/json", "{\"error\":{\"message\":\"the local mock has no " + path + "\"}}");
    }
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
