package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the Gemini client API of a {@link Router} in process ({@link Router#gemini()}):
 * {@code generateContent} and {@code streamGenerateContent} (as server-sent events, like
 * {@code ?alt=sse}). Gemini names the model in the URL, so every call takes it.
 *
 * <p>Raw JSON calls keep the bytes as they are; typed calls go through the Gemini codec of the
 * common model (see {@link ClientApi} for what that means, for threading and for errors, which are
 * the same here). This class is thread-safe.
 */
public final class GeminiApi {
  private final Calls calls;

  GeminiApi(Router router) {
    this.calls = new Calls(router, Codecs.of(ApiKind.GEMINI));
  }

  /**
   * {@code generateContent}: the whole answer, errors included.
   *
   * @param model the model, as Gemini names it in the URL
   * @param json the request body
   * @return the answer, successful or not
   */
  public Answer generateContent(String model, String json) {
    return generateContent(model, json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * {@code generateContent} with headers.
   *
   * @param model the model, as Gemini names it in the URL
   * @param json the request body; not modified
   * @param headers headers as a client would send them over HTTP
   * @return the answer, successful or not
   */
  public Answer generateContent(String model, byte[] json, HttpHeaders headers) {
    return calls.send(Requests.gemini(Objects.requireNonNull(model, "model"), false, json, headers));
  }

  /**
   * {@code generateContent} on the router's executor; cancelling the future cancels the upstream call.
   *
   * @param model the model, as Gemini names it in the URL
   * @param json the request body
   * @return a future completed with the answer
   */
  public CompletableFuture<Answer> generateContentAsync(String model, String json) {
    return calls.sendAsync(Requests.gemini(Objects.requireNonNull(model, "model"), false,
        json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty()));
  }

  /**
   * {@code streamGenerateContent}: the events, which the caller must close.
   *
   * @param model the model, as Gemini names it in the URL
   * @param json the request body
   * @return the events (server-sent events, as with {@code ?alt=sse}), owned by the caller
   * @throws RouterCallException when no stream started
   */
  public EventStream<StreamFrame> streamGenerateContent(String model, String json) {
    return streamGenerateContent(model, json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * {@code streamGenerateContent} with headers.
   *
   * @param model the model, as Gemini names it in the URL
   * @param json the request body; not modified
   * @param headers headers as a client would send them over HTTP
   * @return the events, owned by the caller
   * @throws RouterCallException when no stream started
   */
  public EventStream<StreamFrame> streamGenerateContent(String model, byte[] json, HttpHeaders headers) {
    return calls.stream(Requests.gemini(Objects.requireNonNull(model, "model"), true, json, headers));
  }

  /**
   * A typed {@code generateContent} for {@code request.model()}.
   *
   * @param request the request in the common model; its model is required
   * @return the answer in the common model
   * @throws RouterCallException when the answer is an error
   */
  public ChatResponse generateContent(ChatRequest request) {
    return calls.send(request, (body, stream) -> Requests.gemini(model(request), stream, body, HttpHeaders.empty()));
  }

  /**
   * A typed {@code streamGenerateContent} for {@code request.model()}; the caller must close the events.
   *
   * @param request the request in the common model; its model is required
   * @return the typed events, owned by the caller
   * @throws RouterCallException when no stream started
   */
  public EventStream<StreamEvent> streamGenerateContent(ChatRequest request) {
    return calls.stream(request, (body, stream) -> Requests.gemini(model(request), stream, body, HttpHeaders.empty()));
  }

  private static String model(ChatRequest request) {
    return Objects.requireNonNull(request.model(), "request.model()");
  }
}
