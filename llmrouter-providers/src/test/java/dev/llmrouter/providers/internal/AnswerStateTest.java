package dev.llmrouter.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmrouter.api.Usage;
import dev.llmrouter.api.provider.StreamFrame;
import dev.llmrouter.api.sse.SseEvent;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How a passed-through stream's events become frames, for both passthrough readers: exact bytes,
 * usage as the watcher sees it, the terminal event ending the answer unless the protocol reads to
 * EOF, and the failures (an in-band error, a missing terminal event, a stream that broke).
 */
class AnswerStateTest {
  private static final SseEvent CHUNK = SseEvent.of(null, "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}");
  private static final SseEvent USAGE = SseEvent.of(null, "{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}");
  private static final SseEvent DONE = SseEvent.of(null, "[DONE]");

  /** Error frames carry their message, so that the tests can tell which one was made. */
  private static final class State extends AnswerState {
    @Override
    public StreamFrame errorFrame(String message) {
      return new StreamFrame(("error: " + message).getBytes(StandardCharsets.UTF_8), true);
    }
  }

  private final State state = new State();
  private final ChatStreamWatcher chat = new ChatStreamWatcher();

  @Test
  void anEventIsItsExactBytesAndItsUsageIsRecorded() throws IOException {
    StreamFrame f = state.passThrough(CHUNK, chat);
    assertSame(CHUNK.raw(), f.bytes());
    assertFalse(f.error());
    assertTrue(state.anyFrame);
    assertFalse(state.done);
    state.passThrough(USAGE, chat);
    assertEquals(Usage.of(7, 3), state.usageSoFar());
    assertNull(state.failure);
  }

  @Test
  void theTerminalEventEndsTheAnswerAndTheEndAfterItIsNull() throws IOException {
    state.passThrough(CHUNK, chat);
    assertSame(DONE.raw(), state.passThrough(DONE, chat).bytes());
    assertTrue(state.done, "nothing after the terminal event is waited for");
    assertNull(state.passThrough(null, chat));
    assertNull(state.failure);
  }

  @Test
  void aProtocolReadToEofIsNotEndedByItsTerminalEvent() throws IOException {
    GeminiStreamWatcher gemini = new GeminiStreamWatcher();
    state.passThrough(SseEvent.of(null, "{\"candidates\":[{\"finishReason\":\"STOP\"}]}"), gemini);
    assertTrue(gemini.completed());
    assertFalse(state.done);
    assertNull(state.passThrough(null, gemini));
    assertTrue(state.done);
    assertNull(state.failure);
  }

  @Test
  void anInBandErrorEndsTheStreamAsAnErrorFrameOfItsOwnBytes() throws IOException {
    SseEvent error = SseEvent.of(null, "{\"error\":{\"message\":\"overloaded\"}}");
    StreamFrame f = state.passThrough(error, chat);
    assertSame(error.raw(), f.bytes());
    assertTrue(f.error());
    assertTrue(state.done);
    assertEquals(Failures.ERROR_EVENT, state.failure);
  }

  @Test
  void anEndWithoutTheTerminalEventAfterAFrameIsAnErrorFrame() throws IOException {
    state.passThrough(CHUNK, chat);
    StreamFrame f = state.passThrough(null, chat);
    assertEquals("error: " + Failures.ENDED_EARLY, f.text());
    assertTrue(f.error());
    assertTrue(state.done);
    assertEquals(Failures.ENDED_EARLY, state.failure);
  }

  @Test
  void anEndWithoutAnyEventFailsSoThatTheRouterMayFailOver() {
    IOException e = assertThrows(IOException.class, () -> state.passThrough(null, chat));
    assertEquals(Failures.ENDED_EARLY, e.getMessage());
    assertTrue(state.done);
    assertFalse(state.anyFrame);
    assertEquals(Failures.ENDED_EARLY, state.failure);
  }

  @Test
  void aStreamThatBrokeAfterFramesEndsWithAnErrorFrameNamingTheCause() throws IOException {
    state.passThrough(CHUNK, chat);
    StreamFrame f = state.brokeAfterFrames(new SocketTimeoutException("read timed out"));
    assertEquals("error: " + Failures.STREAM_FAILED + "idle timeout", f.text());
    assertTrue(f.error());
    assertTrue(state.done);
    assertEquals("idle timeout", state.failure);
  }
}
