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
 * @param nativeCustomTools channel option: the upstream (Chat Completions or Responses) takes
 *     OpenAI freeform {@code custom} tools as they are; false sends them as functions
 * @param strict refuse (400) what the upstream cannot express instead of leaving it out
 * @param notes what the request conversion learned for the answer conversion (one per attempt)
 */
public record ConvertContext(
    String clientModel,
    String upstreamModel,
    boolean stream,
    Supplier<String> ids,
    boolean injectDummyThoughtSignature,
    boolean stripThoughtSignature,
    boolean nativeCustomTools,
    boolean strict,
    ConversionNotes notes) {

  /**
   * Returns a lenient context with native custom tools and fresh notes.
   *
   * @param clientModel the model the client asked for (echoed in converted answers)
   * @param upstreamModel the model sent upstream (after the channel's mapping)
   * @param stream whether the client asked for a stream
   * @param ids a source of unique random suffixes for ids made up during conversion
   * @param injectDummyThoughtSignature Gemini channel option
   * @param stripThoughtSignature Gemini channel option
   * @throws NullPointerException when {@code ids} is null
   */
  public ConvertContext(String clientModel, String upstreamModel, boolean stream, Supplier<String> ids,
      boolean injectDummyThoughtSignature, boolean stripThoughtSignature) {
    this(clientModel, upstreamModel, stream, ids, injectDummyThoughtSignature, stripThoughtSignature, true, false,
        new ConversionNotes());
  }

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
   * @param nativeCustomTools channel option: the upstream takes freeform tools as they are
   * @param strict refuse what the upstream cannot express instead of leaving it out
   * @param notes what the request conversion learned for the answer conversion
   * @throws NullPointerException when {@code ids} or {@code notes} is null
   */
  public ConvertContext {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(notes, "notes");
  }
}
