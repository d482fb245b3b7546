package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
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
 * {@code response.output_text.delta} event at once. Closing the stream early (try-with-resources)
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
        String delta = textDelta(frame);
        if (delta == null) continue;
        out.print(delta);
        out.flush();
        text.append(delta);
      }
    }
    out.println();
    return text.toString();
  }

  /** The text of a {@code response.output_text.delta} event, or null for any other event. */
  static String textDelta(StreamFrame frame) {
    for (String line : frame.text().split("\n")) {
      if (!line.startsWith("data:")) continue;
      JsonObject data = Json.parseObject(line.substring(5).trim());
      if ("response.output_text.delta".equals(data.getString("type"))) return data.getString("delta");
    }
    return null;
  }

  public static void main(String[] args) {
    String key = System.getenv().getOrDefault("OPENAI_API_KEY", "sk-...");
    run(args.length > 0 ? args[0] : "https://api.openai.com", key, System.out);
  }
}
