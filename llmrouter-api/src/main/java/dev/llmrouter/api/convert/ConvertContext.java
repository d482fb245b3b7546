package dev.llmrouter.api.convert;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a conversion needs besides the bytes. Immutable; one per request, so {@code ids} need not
 * be thread-safe unless the context is shared.
 *
 * @param clientModel the model the client asked for (echoed in converted answers)
 * @param upstreamModel the model sent upstream (after the channel's mapping)
 * @param stream whether the client asked for a stream
 * @param ids a source of unique random suffixes for ids made up during conversion (response ids,
 *     tool-call ids); each call returns a new value
 * @param injectDummyThoughtSignature Gemini channel option: fill missing function-call thought
 *     signatures with Gemini's documented skip value
 * @param stripThoughtSignature Gemini channel option: remove thought signatures sent upstream
 */
public record ConvertContext(
    String clientModel,
    String upstreamModel,
    boolean stream,
    Supplier<String> ids,
    boolean injectDummyThoughtSignature,
    boolean stripThoughtSignature) {

  /**
   * Validates the context.
   *
   * @param clientModel the model the client asked for (echoed in converted answers)
   * @param upstreamModel the model sent upstream (after the channel's mapping)
   * @param stream whether the client asked for a stream
   * @param ids a source of unique random suffixes for ids made up during conversion (response ids,
   *     tool-call ids); each call returns a new value
   * @param injectDummyThoughtSignature Gemini channel option: fill missing function-call thought
   *     signatures with Gemini's documented skip value
   * @param stripThoughtSignature Gemini channel option: remove thought signatures sent upstream
   * @throws NullPointerException when {@code ids} is null
   */
  public ConvertContext {
    Objects.requireNonNull(ids, "ids");
  }
}
