package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.EventStream;
import dev.llmrouter.scheduler.Router;
import java.io.PrintStream;

/**
 * Example 2: an OpenAI Responses request streamed from a Chat Completions channel
 * ({@code serviceType: openai}). The router converts the request to Chat Completions and the
 * upstream's chunks back into Responses events as they arrive; the program prints the text of each
 * event ({@link StreamFrame#textDelta()}) at once. Closing the stream early (try-with-resources)
 * would cancel the upstream call.
 */
public final class StreamingResponsesExample {
  private StreamingResponsesExample() {}

  /** Streams one answer from the Chat Completions upstream at {@code baseUrl}; returns the whole text. */
  public static String run(String baseUrl, String apiKey, PrintStream out) {
    Router router = Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.RESPONSES, Channel.builder().id("ch-chat").name("chat").serviceType("openai")
                .baseUrl(baseUrl).apiKeys(apiKey).build())
            .build())
        .build();
    StringBuilder text = new StringBuilder();
    try (EventStream<StreamFrame> events = router.responses().stream("""
        {"model":"gpt-4o-mini","stream":true,"input":"Write a haiku about routers."}""")) {
      for (StreamFrame frame : events) {
        String delta = frame.textDelta(); // "" for events that carry no answer text
        out.print(delta);
        out.flush();
        text.append(delta);
      }
    }
    out.println();
    return text.toString();
  }

  /**
   * Runs against the Chat Completions base URL given (with the key in {@code OPENAI_API_KEY}), or
   * against a {@link LocalMock}.
   */
  public static void main(String[] args) {
    if (args.length >= 1) {
      run(args[0], System.getenv().getOrDefault("OPENAI_API_KEY", ""), System.out);
      return;
    }
    try (LocalMock mock = LocalMock.start()) {
      run(mock.url(""), "sk-local-mock", System.out);
    }
  }
}
