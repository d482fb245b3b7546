package dev.llmrouter.bench.load;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * A fast mock LLM upstream for load tests: answers Anthropic Messages and OpenAI Chat Completions,
 * plain or streamed, without blocking a thread. Each streamed event carries the mock's
 * {@code System.nanoTime()} at sending ({@code "t":...}), so a driver in the same process can
 * measure every event's delay. Events of a stream are spaced by {@code eventGapMillis}.
 */
public final class MockUpstream implements AutoCloseable {
  static final byte[] CLAUDE_JSON = ("{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"bench-model\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"" + "lorem ipsum ".repeat(60) + "\"}],\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":120,\"output_tokens\":180}}").getBytes(StandardCharsets.UTF_8);
  static final byte[] CHAT_JSON = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench-model\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + "lorem ipsum ".repeat(60) + "\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":180,\"total_tokens\":300}}")
      .getBytes(StandardCharsets.UTF_8);

  private final Undertow server;
  private final int port;
  private final int events;
  private final String scheme;
  private volatile long eventGapMillis;
  private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param events text events per streamed answer
   * @param eventGapMillis pause between events (0 sends them back to back)
   */
  public MockUpstream(int events, long eventGapMillis, int ioThreads) {
    this(events, eventGapMillis, ioThreads, null);
  }

  /**
   * @param events text events per streamed answer
   * @param eventGapMillis pause between events (0 sends them back to back)
   * @param tls the server context to answer HTTPS with, or null for plain HTTP
   */
  public MockUpstream(int events, long eventGapMillis, int ioThreads, javax.net.ssl.SSLContext tls) {
    this.events = events;
    this.eventGapMillis = eventGapMillis;
    this.scheme = tls == null ? "http" : "https";
    Undertow.Builder builder = Undertow.builder();
    if (tls == null) {
      builder.addHttpListener(0, "127.0.0.1");
    } else {
      builder.addHttpsListener(0, "127.0.0.1", tls);
    }
    server = builder
        .setIoThreads(ioThreads)
        .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
        .setSocketOption(org.xnio.Options.TCP_NODELAY, true)
        .setSocketOption(org.xnio.Options.BACKLOG, 16384)
        .setHandler(this::handle)
        .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Changes the pause between events for the streams that start from now on. */
  public void eventGapMillis(long millis) {
    this.eventGapMillis = millis;
  }

  public int port() {
    return port;
  }

  /** How many requests it has answered or is answering. */
  public long requests() {
    return requests.get();
  }

  public String baseUrl() {
    return scheme + "://127.0.0.1:" + port;
  }

  private void handle(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    boolean chat = path.endsWith("/chat/completions");
    requests.incrementAndGet();
    exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
      // ?close=1: the answer closes its connection, so that the proxy opens a new one for the next.
      if (queryInt(ex, "close", 0) == 1) ex.setPersistent(false);
      boolean stream = contains(body, "\"stream\":true");
      if (!stream) {
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(ByteBuffer.wrap(chat ? CHAT_JSON : CLAUDE_JSON));
        return;
      }
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
      // Dispatched, so that Undertow does not end the exchange when this callback returns.
      // ?events=N&gapMs=M override the stream's shape for one request (the router forwards the query).
      int n = queryInt(ex, "events", events);
      long gap = queryInt(ex, "gapMs", (int) eventGapMillis);
      ex.dispatch(io.undertow.util.SameThreadExecutor.INSTANCE, () -> new StreamWriter(ex, chat, n, gap).next(0));
    });
  }

  private static int queryInt(HttpServerExchange exchange, String name, int fallback) {
    java.util.Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? fallback : Integer.parseInt(values.getFirst());
  }

  private static boolean contains(byte[] body, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + n.length <= body.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (body[i + j] != n[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  /** Writes one stream event by event, scheduling each on the exchange's IO thread. */
  private final class StreamWriter {
    private final HttpServerExchange exchange;
    private final boolean chat;
    private final int events;
    private final long eventGapMillis;

    StreamWriter(HttpServerExchange exchange, boolean chat, int events, long eventGapMillis) {
      this.exchange = exchange;
      this.chat = chat;
      this.events = events;
      this.eventGapMillis = eventGapMillis;
    }

    void next(int i) {
      String event = event(i);
      boolean last = event == null;
      byte[] bytes = (last ? tail() : event).getBytes(StandardCharsets.UTF_8);
      io.undertow.io.IoCallback callback = new io.undertow.io.IoCallback() {
        @Override
        public void onComplete(HttpServerExchange ex, io.undertow.io.Sender sender) {
          if (last) {
            ex.endExchange();
          } else if (eventGapMillis > 0) {
            ex.getIoThread().executeAfter(() -> next(i + 1), eventGapMillis, TimeUnit.MILLISECONDS);
          } else {
            next(i + 1);
          }
        }

        @Override
        public void onException(HttpServerExchange ex, io.undertow.io.Sender sender, java.io.IOException e) {
          IoUtils.safeClose(ex.getConnection());
        }
      };
      exchange.getResponseSender().send(ByteBuffer.wrap(bytes), callback);
    }

    private String event(int i) {
      long t = System.nanoTime();
      if (chat) {
        if (i == 0) {
          return "data: {\"id\":\"chatcmpl-b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench-model\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"t\":" + t + "}\n\n";
        }
        if (i <= events) {
          return "data: {\"id\":\"chatcmpl-b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench-model\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok" + i + " \"},\"finish_reason\":null}],\"t\":" + t + "}\n\n";
        }
        return null;
      }
      if (i == 0) {
        return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_b\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"bench-model\",\"stop_reason\":null,\"usage\":{\"input_tokens\":120,"
            + "\"output_tokens\":1}},\"t\":" + t + "}\n\n";
      }
      if (i == 1) {
        return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
            + "\"text\":\"\"},\"t\":" + t + "}\n\n";
      }
      if (i <= events + 1) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
            + "\"text\":\"tok" + i + " \"},\"t\":" + t + "}\n\n";
      }
      return null;
    }

    private String tail() {
      if (chat) {
        return "data: {\"id\":\"chatcmpl-b\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench-model\","
            + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":120,"
            + "\"completion_tokens\":" + events + ",\"total_tokens\":" + (120 + events) + "}}\n\ndata: [DONE]\n\n";
      }
      return "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
          + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
          + "\"usage\":{\"output_tokens\":" + events + "}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
