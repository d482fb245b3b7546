package dev.llmrouter.scheduler;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.StreamEvent;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.StreamFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Calls one client API of a {@link Router} in process: Anthropic Messages ({@link Router#messages()})
 * or OpenAI Responses ({@link Router#responses()}). Each call goes through the router exactly as a
 * request to the HTTP server would (channel choice, failover, conversion, outcome listener), without
 * HTTP.
 *
 * <p>Two ways in:
 * <ul>
 *   <li><b>Raw JSON</b> ({@code send(String)}, {@code stream(String)}): the request body as the client
 *       API defines it, kept byte for byte; the answer is the client API's JSON or its server-sent
 *       events, byte for byte what the server would send. Nothing is lost.
 *   <li><b>Typed</b> ({@code send(ChatRequest)}, {@code stream(ChatRequest)}): the common model of
 *       {@code dev.llmrouter.api.model}. The request is encoded into this client API and the answer
 *       decoded from it by the same codecs the router converts with, so what the common model cannot
 *       carry (vendor-specific fields) is not sent and not returned; use raw JSON for those. A
 *       stream from a channel of another protocol gives the conversion's common events as they are
 *       (with the requested model in {@code Start}), not decoded again from this API's events.
 * </ul>
 *
 * <p><b>Threading.</b> This class is thread-safe. {@code send} and {@code stream} block the calling
 * thread until the answer (for a stream: its first event) arrives; to give up on a blocking call
 * from another thread, use {@link #sendAsync} and cancel the future, or {@link EventStream#cancel()}.
 *
 * <p><b>Errors.</b> {@code send(String)} returns error answers (4xx, 5xx) as an {@link Answer}, as
 * the server would send them. The calls that cannot, {@code stream(...)} when no stream started and
 * the typed {@code send}, throw {@link RouterCallException} carrying that answer. A body that is not
 * a JSON object throws {@link dev.llmrouter.api.json.MalformedJsonException}; a typed request the
 * client API cannot express throws {@link dev.llmrouter.api.error.ClientRequestException}.
 */
public final class ClientApi {
  private final ApiKind kind;
  private final Calls calls;

  ClientApi(Router router, ApiKind kind) {
    this.kind = kind;
    this.calls = new Calls(router, Codecs.of(kind));
  }

  /**
   * The client API these calls speak.
   *
   * @return {@link ApiKind#MESSAGES} or {@link ApiKind#RESPONSES}
   */
  public ApiKind kind() {
    return kind;
  }

  /**
   * Sends a request that does not ask for a stream and returns the whole answer.
   *
   * @param json the request body, as the client API defines it
   * @return the answer, successful or not
   * @throws IllegalArgumentException when the body asks for a stream ({@code "stream": true})
   */
  public Answer send(String json) {
    return send(json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * Sends a request with headers that the client API defines (such as {@code anthropic-beta}, or a
   * {@code session_id} that binds a conversation to a channel) and returns the whole answer.
   *
   * @param json the body; not modified, not retained after the call
   * @param headers headers as a client would send them over HTTP
   * @return the answer, successful or not
   * @throws IllegalArgumentException when the body asks for a stream
   */
  public Answer send(byte[] json, HttpHeaders headers) {
    return calls.send(request(json, headers));
  }

  /**
   * Sends a request on the router's executor ({@link Router.Builder#executor}) and returns at once.
   * Cancelling the future cancels the upstream call; the attempt counts as cancelled, not failed.
   *
   * @param json the request body
   * @return a future completed with the answer (successful or not), or exceptionally with what
   *     {@link #send(String)} would throw
   * @throws IllegalArgumentException when the body asks for a stream
   */
  public CompletableFuture<Answer> sendAsync(String json) {
    return calls.sendAsync(request(json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty()));
  }

  /**
   * Sends a request that asks for a stream ({@code "stream": true}) and returns its events, which
   * the caller must close. Blocks until the first event arrives, so that a channel failing before it
   * still fails over.
   *
   * @param json the request body, with {@code "stream": true}
   * @return the events, owned by the caller
   * @throws IllegalArgumentException when the body does not ask for a stream
   * @throws RouterCallException when no stream started: every channel failed, or the upstream
   *     refused the request (its error, in the client API's shape, is in the exception)
   */
  public EventStream<StreamFrame> stream(String json) {
    return stream(json.getBytes(StandardCharsets.UTF_8), HttpHeaders.empty());
  }

  /**
   * Like {@link #stream(String)}, with headers.
   *
   * @param json the request body, with {@code "stream": true}; not modified
   * @param headers headers as a client would send them over HTTP
   * @return the events, owned by the caller
   * @throws IllegalArgumentException when the body does not ask for a stream
   * @throws RouterCallException when no stream started
   */
  public EventStream<StreamFrame> stream(byte[] json, HttpHeaders headers) {
    return calls.stream(request(json, headers));
  }

  /**
   * Sends a typed request (its {@code stream} flag is ignored) and returns the typed answer.
   *
   * @param request the request in the common model
   * @return the answer in the common model
   * @throws RouterCallException when the answer is an error
   * @throws dev.llmrouter.api.error.ClientRequestException when this client API cannot express the
   *     request
   */
  public ChatResponse send(ChatRequest request) {
    return calls.send(request, this::typedRequest);
  }

  /**
   * Sends a typed request as a stream and returns its typed events, which the caller must close:
   * {@code Start}, blocks with their deltas, usage, {@code Stop}, {@code End} (or {@code Error}).
   *
   * @param request the request in the common model (its {@code stream} flag is ignored)
   * @return the typed events, owned by the caller
   * @throws RouterCallException when no stream started
   */
  public EventStream<StreamEvent> stream(ChatRequest request) {
    return calls.stream(request, this::typedRequest);
  }

  private ClientRequest typedRequest(byte[] json, boolean stream) {
    return request(json, HttpHeaders.empty());
  }

  private ClientRequest request(byte[] json, HttpHeaders headers) {
    return kind == ApiKind.MESSAGES ? Requests.messages(json, headers) : Requests.responses(json, headers);
  }
}
