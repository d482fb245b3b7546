package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.sse.SseEvent;
import org.junit.jupiter.api.Test;

class StreamWatchersTest {
  /** A Claude stream's first event: input and cache usage, and the first output token. */
  private static final SseEvent CLAUDE_START = SseEvent.of("message_start", "{\"type\":\"message_start\",\"message\":"
      + "{\"usage\":{\"input_tokens\":8,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}");

  private static SseEvent data(String data) {
    return SseEvent.of(null, data);
  }

  @Test
  void chatEndsAtDoneAndTakesTheUsageChunk() {
    ChatStreamWatcher w = new ChatStreamWatcher();
    assertFalse(w.onEvent(data("{\"choices\":[{\"delta\":{\"content\":\"usage is a word\"}}]}")));
    assertFalse(w.onEvent(data("{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}")));
    assertFalse(w.completed());
    assertFalse(w.onEvent(data("[DONE]")));
    assertTrue(w.completed());
    assertFalse(w.endsAtEof());
    assertEquals(new Usage(6, 3, 4, 0, 2, false), w.usage());
  }

  @Test
  void chatErrorChunkIsAnInBandError() {
    assertTrue(new ChatStreamWatcher().onEvent(data("{\"error\":{\"message\":\"overloaded\"}}")));
  }

  @Test
  void responsesEndAtTheirTerminalEvents() {
    ResponsesStreamWatcher w = new ResponsesStreamWatcher();
    assertFalse(w.onEvent(SseEvent.of("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"delta\":\"x\"}")));
    assertFalse(w.completed());
    assertFalse(w.onEvent(SseEvent.of("response.incomplete", "{\"type\":\"response.incomplete\",\"response\":{\"usage\":"
        + "{\"input_tokens\":9,\"output_tokens\":5,\"input_tokens_details\":{\"cached_tokens\":3}}}}")));
    assertTrue(w.completed());
    assertEquals(new Usage(6, 5, 3, 0, 0, false), w.usage());
    assertTrue(new ResponsesStreamWatcher().onEvent(SseEvent.of("error", "{\"type\":\"error\",\"message\":\"x\"}")));
    ResponsesStreamWatcher failed = new ResponsesStreamWatcher();
    assertTrue(failed.onEvent(data("{\"type\":\"response.failed\",\"response\":{\"error\":{}}}")));
    assertTrue(failed.completed());
  }

  @Test
  void geminiIsCompleteAfterAFinishReasonAndReadsToEof() {
    GeminiStreamWatcher w = new GeminiStreamWatcher();
    assertFalse(w.onEvent(data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],"
        + "\"usageMetadata\":{\"promptTokenCount\":5}}")));
    assertFalse(w.completed());
    assertFalse(w.onEvent(data("{\"candidates\":[{\"finishReason\":\"MAX_TOKENS\"}],\"usageMetadata\":{\"promptTokenCount\":12,"
        + "\"candidatesTokenCount\":7,\"cachedContentTokenCount\":2,\"thoughtsTokenCount\":1}}")));
    assertTrue(w.completed());
    assertTrue(w.endsAtEof());
    // Output counts the thoughts too, as in every Usage (candidatesTokenCount excludes them).
    assertEquals(new Usage(10, 8, 2, 0, 1, false), w.usage());
    assertTrue(new GeminiStreamWatcher().onEvent(data("{\"error\":{\"code\":429,\"message\":\"quota\"}}")));
  }

  @Test
  void claudeUsageIsCumulative() {
    ClaudeStreamWatcher w = new ClaudeStreamWatcher();
    w.onEvent(CLAUDE_START);
    w.onEvent(SseEvent.of("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":20}}"));
    w.onEvent(SseEvent.of("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":25}}"));
    assertFalse(w.completed());
    w.onEvent(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));
    assertTrue(w.completed());
    assertEquals(new Usage(8, 25, 100, 0, 0, false), w.usage());
  }

  @Test
  void claudeUsageOfAStreamCutAfterItsFirstEventIsItsStart() {
    // message_start is read when asked for, not as it passes: a stream cut right after it still
    // reports its input and cache usage.
    ClaudeStreamWatcher w = new ClaudeStreamWatcher();
    assertFalse(w.onEvent(SseEvent.of("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":"
        + "{\"input_tokens\":8,\"cache_creation_input_tokens\":3,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}")));
    assertEquals(new Usage(8, 1, 100, 3, 0, false), w.usage());
    assertEquals(new Usage(8, 1, 100, 3, 0, false), w.usage());
  }

  @Test
  void claudeStartIsReadBeforeTheEventsAfterIt() {
    ClaudeStreamWatcher w = new ClaudeStreamWatcher();
    w.onEvent(CLAUDE_START);
    w.onEvent(SseEvent.of("content_block_start", "{\"type\":\"content_block_start\",\"index\":0}"));
    w.onEvent(SseEvent.of("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0}"));
    assertEquals(new Usage(8, 1, 100, 0, 0, false), w.usage());
    // The delta's output usage overwrites the start's, and the start's input usage stays.
    w.onEvent(SseEvent.of("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":12}}"));
    assertEquals(new Usage(8, 12, 100, 0, 0, false), w.usage());
    // A second message_start (a relay that repeats it) is read in its turn, before what follows.
    w.onEvent(SseEvent.of("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9}}}"));
    w.onEvent(SseEvent.of("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":14}}"));
    assertEquals(9, w.usage().inputTokens());
    assertEquals(14, w.usage().outputTokens());
  }
}
