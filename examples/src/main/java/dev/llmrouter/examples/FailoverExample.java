package dev.llmrouter.examples;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Channel;
import dev.llmrouter.api.ChannelSnapshot;
import dev.llmrouter.api.outcome.AttemptOutcome;
import dev.llmrouter.providers.HttpTransport;
import dev.llmrouter.providers.Providers;
import dev.llmrouter.scheduler.Answer;
import dev.llmrouter.scheduler.Router;
import java.io.PrintStream;

/**
 * Example 1: an Anthropic Messages request routed in process through two Claude channels. The
 * primary (priority 1) is tried first; when it fails with an upstream fault (a 5xx, a timeout, a
 * refused connection) the router fails over to the backup (priority 2) within the same call. The
 * outcome listener prints every attempt.
 */
public final class FailoverExample {
  private FailoverExample() {}

  /** Builds a router with a primary and a backup Claude channel; every attempt goes to {@code out}. */
  public static Router router(String primaryUrl, String backupUrl, PrintStream out) {
    return Router.builder()
        .providers(Providers.standard(HttpTransport.createDefault()))
        .snapshot(ChannelSnapshot.builder()
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-primary").name("primary").serviceType("claude")
                .baseUrl(primaryUrl).apiKeys("sk-ant-primary").priority(1).build())
            .add(ApiKind.MESSAGES, Channel.builder().id("ch-backup").name("backup").serviceType("claude")
                .baseUrl(backupUrl).apiKeys("sk-ant-backup").priority(2).build())
            .build())
        .outcomeListener((AttemptOutcome o) ->
            out.println("attempt " + o.channelName() + " -> " + o.status() + " " + o.result()))
        .build();
  }

  /** Sends one request and prints the answer with the channel that gave it. */
  public static Answer run(String primaryUrl, String backupUrl, PrintStream out) {
    Router router = router(primaryUrl, backupUrl, out);
    Answer answer = router.messages().send("""
        {"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello"}]}""");
    out.println("answered by " + answer.channel().name() + " after " + answer.attempts() + " attempt(s): "
        + answer.status() + " " + answer.bodyString());
    return answer;
  }

  /** Runs against the given primary and backup base URLs, or against a {@link LocalMock} whose primary is overloaded. */
  public static void main(String[] args) {
    if (args.length >= 2) {
      run(args[0], args[1], System.out);
      return;
    }
    try (LocalMock mock = LocalMock.start()) {
      run(mock.url("/overloaded"), mock.url(""), System.out);
    }
  }
}
