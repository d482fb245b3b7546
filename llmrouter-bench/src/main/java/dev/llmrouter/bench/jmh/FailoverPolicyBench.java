package dev.llmrouter.bench.jmh;

import dev.llmrouter.scheduler.FailoverPolicy;
import dev.llmrouter.scheduler.FailoverPolicy.Action;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The failover policy's decisions, one call per operation, on the inputs the router gives it once
 * per attempt.
 * <ul>
 *   <li>{@code classify}: an upstream HTTP answer (status and the start of its error body) to a
 *       decision. {@code outcome} picks a real vendor answer: {@code ok} (200, no body read),
 *       {@code rateLimit} (Anthropic 429), {@code creditBalance} (Anthropic's low-credit 400, a
 *       quota marker inside an {@code invalid_request_error}), {@code badKey} (OpenAI 401),
 *       {@code contextLength} (OpenAI 400, relayed), {@code overloaded} (Anthropic 529),
 *       {@code geminiExhausted} (Gemini 429 {@code RESOURCE_EXHAUSTED} with details),
 *       {@code moderation} (a relay's 400 refusal), {@code htmlGateway} (a proxy's 502 HTML page).
 *   <li>{@code classifyException}: an attempt that failed with a read timeout.
 *   <li>{@code isErrorBody}: whether a 2xx body is an error in disguise; {@code body} is a normal
 *       Messages answer of about 1 KB ({@code answer}, no {@code "error"} bytes: not parsed) or a
 *       relay's 200 carrying an error object ({@code disguised}).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FailoverPolicyBench {
  /** The policy (stateless) and the exception of a timed-out attempt. */
  @State(Scope.Benchmark)
  public static class Policy {
    final FailoverPolicy policy = new FailoverPolicy();
    final SocketTimeoutException timeout = new SocketTimeoutException("timeout");
  }

  /** An upstream error answer. */
  @State(Scope.Benchmark)
  public static class Outcome {
    @Param({"ok", "rateLimit", "creditBalance", "badKey", "contextLength", "overloaded", "geminiExhausted",
        "moderation", "htmlGateway"})
    public String outcome;

    int status;
    byte[] body;

    @Setup
    public void setup() {
      switch (outcome) {
        case "ok":
          set(Action.SUCCESS, 200, "");
          break;
        case "rateLimit":
          set(Action.NEXT_KEY, 429,
              "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would exceed "
              + "the rate limit for your organization (5d2c8b1e) of 400,000 input tokens per minute.\"},"
              + "\"request_id\":\"req_011CV8qrf3aGk4dKx7yDWHpQ\"}");
          break;
        case "creditBalance":
          set(Action.NEXT_KEY, 400,
              "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Your credit balance "
              + "is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.\"}}");
          break;
        case "badKey":
          set(Action.NEXT_KEY, 401,
              "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****abcd. You can find your API key at "
              + "https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
              + "\"code\":\"invalid_api_key\"}}");
          break;
        case "contextLength":
          set(Action.RETURN_TO_CLIENT, 400,
              "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your "
              + "messages resulted in 131072 tokens. Please reduce the length of the messages.\",\"type\":"
              + "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");
          break;
        case "overloaded":
          set(Action.NEXT_CHANNEL, 529,
              "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
          break;
        case "geminiExhausted":
          set(Action.NEXT_KEY, 429,
              "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check your plan and "
              + "billing details.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
              + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
              + "\"generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count\",\"quotaId\":"
              + "\"GenerateContentPaidTierInputTokensPerModelPerMinute\",\"quotaDimensions\":{\"location\":\"global\","
              + "\"model\":\"gemini-2.5-pro\"},\"quotaValue\":\"2000000\"}]},{\"@type\":"
              + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"17s\"}]}}");
          break;
        case "moderation":
          set(Action.RETURN_TO_CLIENT, 400,
              "{\"error\":{\"message\":\"The request was rejected because it was flagged by the content filter.\","
              + "\"type\":\"invalid_request_error\",\"code\":\"content_filter\"}}");
          break;
        case "htmlGateway":
          set(Action.NEXT_BASE_URL, 502,
              "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
              + "</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n");
          break;
        default:
          throw new IllegalArgumentException(outcome);
      }
    }

    private void set(Action expected, int status, String body) {
      this.status = status;
      this.body = body.getBytes(StandardCharsets.UTF_8);
      Action got = new FailoverPolicy().classify(status, this.body, false).action();
      if (got != expected) throw new IllegalStateException(outcome + " classified " + got + ", expected " + expected);
    }
  }

  /** A 2xx body. */
  @State(Scope.Benchmark)
  public static class Body {
    @Param({"answer", "disguised"})
    public String body;

    byte[] bytes;

    @Setup
    public void setup() {
      String json = "disguised".equals(body)
          ? "{\"error\":{\"message\":\"upstream channel unavailable, please retry\",\"type\":\"new_api_error\","
              + "\"code\":\"get_channel_failed\"}}"
          : "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
              + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":"
              + StreamFixtures.q("The handler now checks the header before trimming it. ".repeat(14))
              + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":2095,"
              + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":18000,\"output_tokens\":212}}";
      bytes = json.getBytes(StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public FailoverPolicy.Decision classify(Policy p, Outcome o) {
    return p.policy.classify(o.status, o.body, false);
  }

  @Benchmark
  public FailoverPolicy.Decision classifyException(Policy p) {
    return p.policy.classify(p.timeout, false);
  }

  @Benchmark
  public boolean isErrorBody(Policy p, Body b) {
    return p.policy.isErrorBody(b.bytes);
  }
}
