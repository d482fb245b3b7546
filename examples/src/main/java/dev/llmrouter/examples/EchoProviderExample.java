package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonValue;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.api.provider.UpstreamExchanges;
import dev.llmrouter.scheduler.Answer;
import dev.llmrouter.scheduler.Router;
import java.io.PrintStream;

/**
 * Example 3: a custom {@link Provider} for an upstream kind llmrouter does not ship. This one
 * answers Anthropic Messages requests by echoing the last user message, which is handy in tests.
 */
public final class EchoProviderExample {
  private EchoProviderExample() {}

  /** Answers every Messages request with the text of its last user message. */
  public static final class EchoProvider implements Provider {
    @Override
    public String serviceType() {
      return "echo";
    }

    @Override
    public UpstreamExchange open(UpstreamCall call) {
      JsonObject request = Json.parseObject(call.request().body());
      String text = lastUserText(request.getArray("messages"));
      JsonObject answer = new JsonObject()
          .put("id", "msg_echo_" + Long.toHexString(System.nanoTime()))
          .put("type", "message")
          .put("role", "assistant")
          .put("model", call.model() == null ? "echo" : call.model())
          .put("content", JsonArray.of(new JsonObject().put("type", "text").put("text", text)))
          .put("stop_reason", "end_turn")
          .put("usage", new JsonObject().put("input_tokens", text.length() / 4).put("output_tokens", text.length() / 4));
      return UpstreamExchanges.json(200, Json.write(answer), Usage.of(text.length() / 4, text.length() / 4));
    }

    private static String lastUserText(JsonArray messages) {
      if (messages == null) return "";
      for (int i = messages.size() - 1; i >= 0; i--) {
        JsonObject m = messages.get(i).asObject();
        if (m == null || !"user".equals(m.getString("role"))) continue;
        JsonValue content = m.get("content");
        if (content.asString() != null) return content.asString();
        StringBuilder sb = new StringBuilder();
        for (JsonValue block : content.asArray()) {
          JsonObject b = block.asObject();
          if (b != null && "text".equals(b.getString("type"))) sb.append(b.getString("text"));
        }
        return sb.toString();
      }
      return "";
    }
  }

  /** Routes one request through an echo channel and prints the answer. */
  public static String run(PrintStream out) {
    Router router = Router.builder()
        .provider(new EchoProvider())
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-echo").name("echo").serviceType("echo")
                .baseUrl("http://localhost").apiKeys("unused").build())
            .build())
        .build();
    String request = "{\"model\":\"any\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Hello, echo!\"}]}";
    Answer answer = router.messages().send(request);
    out.println(answer.status() + " " + answer.bodyString());
    return answer.bodyString();
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
