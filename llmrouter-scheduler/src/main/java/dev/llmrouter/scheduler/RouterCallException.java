package dev.llmrouter.scheduler;

import dev.llmrouter.api.error.RouterException;
import java.util.Objects;

/**
 * Thrown by the calls that cannot hand an error back as an answer: a stream that never started
 * ({@code stream(...)}: every channel failed, or the upstream refused the request), and the typed
 * calls, whose result is a {@link dev.llmrouter.api.model.ChatResponse}. Carries the error
 * {@link Answer} in the client's protocol, exactly as the HTTP server would have sent it.
 */
public final class RouterCallException extends RouterException {
  private static final long serialVersionUID = 1L;

  private final transient Answer answer;

  RouterCallException(String message, Answer answer) {
    super(message);
    this.answer = Objects.requireNonNull(answer, "answer");
  }

  /**
   * The HTTP status the server would have sent, such as 400, 429 or 503.
   *
   * @return the status code
   */
  public int status() {
    return answer.status();
  }

  /**
   * The error answer: status, headers (such as {@code retry-after}) and body.
   *
   * @return the error answer, never null
   */
  public Answer answer() {
    return answer;
  }
}
