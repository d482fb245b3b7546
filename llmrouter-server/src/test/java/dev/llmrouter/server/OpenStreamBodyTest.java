package dev.llmrouter.server;

import static dev.llmrouter.server.MessagesPassthroughTest.claudeStream;
import static dev.llmrouter.server.MessagesPassthroughTest.readEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An open stream does not keep its client's request body, through the real server: a coding
 * agent's request is tens to hundreds of kilobytes (Claude Code's first turn: 75 KB), and thousands
 * of open streams must fit the heap. Each test holds a stream open after its first event and checks
 * that the body the server read (as its provider was given it) can be collected.
 */
class OpenStreamBodyTest {
  private static final String REQUEST = "{\"model\":\"m\",\"stream\":true,\"max_tokens\":8,\"messages\":"
      + "[{\"role\":\"user\",\"content\":\"" + "x".repeat(200_000) + "\"}]}";
  private static final List<String> CHAT_STREAM = List.of(
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"he\"},\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"llo\"},\"finish_reason\":null}]}\n\n",
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-x\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");

  /** The bodies of the requests the providers were given, held weakly. */
  private final List<WeakReference<byte[]>> bodies = new CopyOnWriteArrayList<>();
  private Harness h;

  @AfterEach
  void close() {
    if (h != null) h.close();
  }

  @Test
  void aPassthroughStreamLetsGoOfItsRequestBody() throws Exception {
    h = Harness.create(1, o -> o, this::watchingBodies);
    h.use(ApiKind.MESSAGES, h.claudeChannel(0).build());
    assertBodyCollectedWhileOpen(new GatedBody(claudeStream(), 0));
  }

  @Test
  void aConvertedStreamLetsGoOfItsRequestBody() throws Exception {
    h = Harness.create(1, o -> o, this::watchingBodies);
    h.use(ApiKind.MESSAGES, h.channel(0, "openai").build());
    assertBodyCollectedWhileOpen(new GatedBody(CHAT_STREAM, 0));
  }

  private void assertBodyCollectedWhileOpen(GatedBody upstream) throws Exception {
    h.upstream(0).enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(upstream)
        .build());
    try (Response r = h.call(h.post("/v1/messages", REQUEST).build())) {
      String first = readEvent(r.body().source());
      assertTrue(first.startsWith("event: message_start"), first);
      assertEquals(1, bodies.size());
      assertTrue(collected(bodies.get(0)), "the open stream still holds its request's body");
      // The stream goes on without it.
      upstream.release();
      String next = readEvent(r.body().source());
      assertTrue(next.startsWith("event: content_block_"), next);
    }
  }

  /** The providers, each noting the body of every request it is given. */
  private Map<String, Provider> watchingBodies(Map<String, Provider> providers) {
    Map<String, Provider> watching = new HashMap<>();
    providers.forEach((type, p) -> watching.put(type, new Provider() {
      @Override
      public String serviceType() {
        return p.serviceType();
      }

      @Override
      public boolean supports(ClientRequest request) {
        return p.supports(request);
      }

      @Override
      public UpstreamExchange open(UpstreamCall call) throws IOException {
        bodies.add(new WeakReference<>(call.request().body()));
        return p.open(call);
      }
    }));
    return watching;
  }

  /** True when the referent is collected within a few collections. */
  private static boolean collected(WeakReference<?> ref) {
    for (int i = 0; i < 20 && ref.get() != null; i++) System.gc();
    return ref.get() == null;
  }
}
