package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConversionNotes;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.MalformedJsonException;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.providers.internal.ConvertingExchange;
import dev.llmrouter.providers.internal.CountTokensExchange;
import dev.llmrouter.api.http.HttpHeaders;
import dev.llmrouter.api.provider.DirectCall;
import dev.llmrouter.providers.internal.Deadlines;
import dev.llmrouter.providers.internal.DirectPassthrough;
import dev.llmrouter.providers.internal.ErrorBodies;
import dev.llmrouter.providers.internal.ErrorExchange;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.Ids;
import dev.llmrouter.providers.internal.PassthroughExchange;
import dev.llmrouter.providers.internal.ReleasableBody;
import dev.llmrouter.providers.internal.StreamWatcher;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common flow of an OkHttp provider: build the upstream request (the client's bytes when the
 * channel speaks the client's protocol, a {@link Converter} request otherwise), execute it on the
 * caller's thread, tie it to the client's cancel signal, and wrap the answer. Subclasses say how
 * their protocol builds URLs and authenticates. Thread-safe: instances hold only the shared
 * transport, the converter and an id source, and are shared by all requests of a router.
 */
abstract class HttpProvider implements Provider {
  static final MediaType JSON = MediaType.get("application/json");
  private static final Logger log = LoggerFactory.getLogger(HttpProvider.class);

  final HttpTransport transport;
  final Converter converter;
  private final Ids ids = new Ids(new SecureRandom());

  HttpProvider(HttpTransport transport, Converter converter) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** {@return the protocol this upstream speaks} */
  abstract Protocol protocol();

  /** {@return which client headers this upstream understands} */
  abstract HeaderPolicy.Family family();

  /**
   * Builds the upstream URL of one attempt.
   *
   * @param call the attempt
   * @param passthrough true when the channel speaks the client's protocol
   * @param stream true when the upstream is asked for a stream
   * @return the absolute URL
   */
  abstract String url(UpstreamCall call, boolean passthrough, boolean stream);

  /**
   * Sets the upstream's authentication (and protocol version) headers.
   *
   * @param header sets one header of the upstream request being built (replacing one of that name)
   * @param call the attempt, whose key is used
   */
  abstract void auth(java.util.function.BiConsumer<String, String> header, UpstreamCall call);

  /** {@return a new watcher for one passed-through stream of this protocol} */
  abstract StreamWatcher newWatcher();

  @Override
  public String serviceType() {
    return protocol().serviceType();
  }

  /**
   * Compacting is a Responses operation; token counting is served by claude (Messages) and gemini
   * (Gemini) upstreams, and a Gemini client's countTokens also by the providers that name
   * {@link #countTokensFields()}. Everything else every provider can serve.
   *
   * @param request the client's request
   * @return false for an operation this upstream cannot serve
   */
  @Override
  public boolean supports(ClientRequest request) {
    if (convertsCount(request)) return true;
    switch (request.operation()) {
      case "compact":
        return protocol() == Protocol.RESPONSES;
      case "count_tokens":
        return protocol() == Protocol.CLAUDE && request.kind().protocol() == Protocol.CLAUDE;
      case "countTokens":
        return protocol() == Protocol.GEMINI;
      default:
        return true;
    }
  }

  /**
   * Tells whether the request is a Gemini client's {@code countTokens}.
   *
   * @param request the client's request
   * @return true for a Gemini countTokens call
   */
  static boolean isGeminiCount(ClientRequest request) {
    return request.operation().equals("countTokens") && request.kind().protocol() == Protocol.GEMINI;
  }

  /**
   * The members of a converted request that this upstream's own token-count endpoint accepts: a
   * Gemini client's countTokens is converted like a generateContent request, cut down to these and
   * sent there. Providers with such an endpoint override this.
   *
   * @return the accepted members, or null where a Gemini countTokens is not converted to this upstream
   */
  List<String> countTokensFields() {
    return null;
  }

  /**
   * Tells whether the request is a Gemini countTokens converted to this upstream's count endpoint.
   *
   * @param request the client's request
   * @return true where {@link #countTokensFields()} names the endpoint's members and the request is one
   */
  final boolean convertsCount(ClientRequest request) {
    return countTokensFields() != null && isGeminiCount(request);
  }

  /**
   * Converts a Gemini countTokens body ({@code contents}, or a whole {@code generateContentRequest})
   * like a generateContent request, for an upstream that counts with its own endpoint.
   *
   * @param call the attempt
   * @param context the conversion context of the attempt
   * @return the converted request as a JSON object, to be cut down to what the count endpoint accepts
   * @throws ClientRequestException when the body is not a JSON object or cannot be converted
   */
  private JsonObject convertedCountRequest(UpstreamCall call, ConvertContext context) {
    JsonObject gemini;
    try {
      gemini = Json.parseObject(call.request().body());
    } catch (MalformedJsonException e) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST, "countTokens body is not a JSON object: "
          + e.getMessage());
    }
    JsonObject inner = gemini.getObject("generateContentRequest");
    if (inner != null) {
      gemini = inner.copy();
      gemini.remove("model");
    }
    return Json.parseObject(converter.request(Protocol.GEMINI, protocol(), Json.write(gemini), context));
  }

  /**
   * Keeps only the named members of a converted request.
   *
   * @param request the converted request
   * @param names the members the count endpoint accepts
   * @return the request body
   */
  private static byte[] only(JsonObject request, List<String> names) {
    JsonObject out = new JsonObject();
    for (String name : names) {
      if (request.get(name) != null) out.put(name, request.get(name));
    }
    return Json.write(out);
  }

  /**
   * Builds the passed-through body: the client's bytes with only the model rewritten.
   *
   * @param call the attempt, whose mapped model is written
   * @return the upstream body
   */
  byte[] passthroughBody(UpstreamCall call) {
    ClientRequest req = call.request();
    return req.fields().withModel(req.body(), call.model());
  }

  /**
   * Builds the upstream body of a converted request.
   *
   * @param call the attempt
   * @param context the conversion context of the attempt
   * @return the upstream body
   * @throws ClientRequestException when the client's request cannot be expressed for this upstream
   */
  byte[] convertedBody(UpstreamCall call, ConvertContext context) {
    ClientRequest req = call.request();
    if (convertsCount(req)) return only(convertedCountRequest(call, context), countTokensFields());
    return converter.request(req.kind().protocol(), protocol(), req.body(), context);
  }

  /**
   * Collects what a conversion needs to know about this attempt.
   *
   * @param call the attempt
   * @return a new context, one per attempt
   */
  ConvertContext context(UpstreamCall call) {
    ClientRequest req = call.request();
    return new ConvertContext(req.model(), call.model(), req.stream(), ids,
        call.channel().injectDummyThoughtSignature(), call.channel().stripThoughtSignature(),
        call.channel().customTools(), false, new ConversionNotes());
  }

  /**
   * Tells whether the upstream is asked for a stream: compacting and token counting never are.
   *
   * @param req the client's request
   * @return true for a streamed upstream call
   */
  static boolean streamed(ClientRequest req) {
    return generates(req) && req.stream();
  }

  /**
   * Tells whether the request asks for a generation, which may be streamed: compacting and token
   * counting do not.
   *
   * @param req the client's request
   * @return false for a compaction or a token count
   */
  static boolean generates(ClientRequest req) {
    switch (req.operation()) {
      case "compact":
      case "count_tokens":
      case "countTokens":
        return false;
      default:
        return true;
    }
  }

  /**
   * Sends one attempt on the caller's thread and blocks until the upstream's status and headers
   * arrive. {@code call.cancel()} cancels the OkHttp call, also later while a 2xx answer is being
   * read. A non-2xx answer is read (at most {@link ErrorBodies#LIMIT} bytes) and its response
   * closed here, so the returned {@link ErrorExchange} holds no connection. A 2xx answer is wrapped
   * unread in a {@link PassthroughExchange} or a converting exchange, which then owns the OkHttp
   * response. A request whose pooled connection proves stale before any answer is sent once more on
   * a fresh connection (see {@link HttpTransport}); only the second failure is thrown.
   *
   * @param call the attempt
   * @return the exchange, which the caller owns and must close on every path
   * @throws IOException when the upstream cannot be reached, times out before its headers, or the
   *     call was cancelled
   * @throws ClientRequestException when this upstream cannot serve the operation, or the client's
   *     request cannot be converted for it
   */
  @Override
  public UpstreamExchange open(UpstreamCall call) throws IOException {
    ClientRequest req = call.request();
    if (!supports(req)) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST,
          req.operation() + " is not supported by " + serviceType() + " channels");
    }
    Protocol client = req.kind().protocol();
    // A Responses relay that drops freeform tools ("customTools": false) gets the Responses request
    // converted, so those tools arrive as functions.
    boolean passthrough = client == protocol()
        && !(client == Protocol.RESPONSES && !call.channel().customTools() && req.operation().equals("responses"));
    boolean stream = streamed(req);
    ConvertContext context = passthrough ? null : context(call);
    byte[] body = passthrough ? passthroughBody(call) : convertedBody(call, context);
    if (context != null && !context.notes().dropped().isEmpty() && log.isDebugEnabled()) {
      log.debug("[Convert-Drop] channel {}: left out of the {} request: {}", call.channel().id(), serviceType(),
          String.join(", ", context.notes().dropped()));
    }
    ReleasableBody requestBody = new ReleasableBody(body, JSON);
    Request.Builder b = request(call, passthrough, stream, requestBody);
    long start = System.nanoTime();
    Sent sent;
    try {
      PoolLanes.Lane lane = transport.attemptLane(call.timeouts().connect(), call.channel().insecureSkipVerify());
      sent = send(lane.client(), lane.release(), b, call, stream);
    } catch (StaleConnection stale) {
      transport.staleConnectionRetried();
      log.debug("[Upstream-StaleConnection] channel={} sent again on a fresh connection: {}", call.channel().id(),
          stale.failure().toString());
      try {
        sent = send(transport.freshClient(call.timeouts().connect(), call.channel().insecureSkipVerify()), null, b,
            call, stream);
      } catch (StaleConnection again) {
        throw again.failure();
      }
    }
    // Answered: OkHttp sends the body no more (it follows redirects within the call), and the
    // response, which keeps the request, may stay open for a whole stream.
    requestBody.release();
    Call okCall = sent.call();
    Response response = sent.response();
    long headersNanos = System.nanoTime() - start;
    if (!response.isSuccessful()) {
      sent.unregister().run();
      String contentType = response.header("Content-Type", "application/json");
      byte[] error = ErrorBodies.readAndClose(response);
      return passthrough
          ? new ErrorExchange(response.code(), HeaderPolicy.response(response.headers()), contentType, error, error,
              headersNanos)
          : new ErrorExchange(response.code(), HeaderPolicy.responseConverted(response.headers()), "application/json",
              error, clientError(client, response.code(), error), headersNanos);
    }
    UpstreamLimits limits = transport.limits();
    if (passthrough) {
      return new PassthroughExchange(protocol(), okCall, response, newWatcher(), stream, headersNanos,
          limits.maxEventBytes(), limits.maxBodyBytes());
    }
    return converted(call, context, okCall, response, headersNanos);
  }

  /** The upstream request of an attempt: URL, the allowed client headers, authentication and body. */
  private Request.Builder request(UpstreamCall call, boolean passthrough, boolean stream, okhttp3.RequestBody body) {
    Request.Builder b = new Request.Builder().url(url(call, passthrough, stream)).post(body);
    HeaderPolicy.forward(call.request().headers(), family(), b);
    auth(b::header, call);
    // Streams are read event by event: no compression. Other answers are gunzipped by OkHttp.
    if (stream) b.header("Accept-Encoding", "identity");
    return b;
  }

  /**
   * Offers a passed-through request (a stream, or one whose answer comes whole) as plain data, built
   * as {@link #open} builds it (the same URL, headers and body), for a caller with its own
   * non-blocking HTTP client. Not offered for converted requests, the operations that are not
   * generations (compact, token counts), channels that skip TLS verification, or over an embedder's
   * OkHttp client (see {@link HttpTransport#offersDirectCalls()}). The answer is asked for without
   * compression, as a stream's is: a caller reads it as it comes (one gzip-encoded all the same is
   * decoded by its exchange, as OkHttp would).
   *
   * @param call the attempt
   * @return the attempt as data, or null when it must be made with {@link #open}
   */
  @Override
  public DirectCall direct(UpstreamCall call) {
    ClientRequest req = call.request();
    if (!transport.offersDirectCalls() || call.channel().insecureSkipVerify() || !supports(req)) return null;
    Protocol client = req.kind().protocol();
    if (client != protocol() || client == Protocol.RESPONSES && !call.channel().customTools()) return null;
    // Compactions and token counts go through open(): their answers are not relayed as they come.
    if (!generates(req)) return null;
    boolean stream = req.stream();
    byte[] body = passthroughBody(call);
    String url = url(call, true, stream);
    if (!url.startsWith("http://") && !url.startsWith("https://")) return null;
    // The same headers as open() sends, built without an OkHttp request.
    HttpHeaders.Builder headers = HttpHeaders.builder();
    HeaderPolicy.forward(req.headers(), family(), headers);
    auth(headers::set, call);
    headers.set("Accept-Encoding", "identity");
    headers.set("Content-Type", "application/json");
    UpstreamLimits limits = transport.limits();
    return new DirectPassthrough(protocol(), url, headers.build(), body, this::newWatcher, stream,
        limits.maxEventBytes(), limits.maxBodyBytes(), transport::staleConnectionRetried);
  }

  /** A sent attempt: its call, its response (status and headers read) and its cancel registration. */
  private record Sent(Call call, Response response, Runnable unregister) {}

  /** A request failed on a stale pooled connection and may be sent again; the cause is the failure. */
  private static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnection(IOException cause) {
      super(cause);
    }

    IOException failure() {
      return (IOException) getCause();
    }
  }

  /**
   * Sends the request with its own deadlines (tagged on the builder, replacing an earlier attempt's)
   * and cancel registration, and waits for its headers.
   *
   * @throws StaleConnection when it failed on a reused connection before any answer
   * @throws IOException when it failed otherwise
   */
  private Sent send(OkHttpClient client, EventListener lane, Request.Builder request, UpstreamCall call,
      boolean stream) throws IOException {
    Deadlines.Entry deadline = transport.deadlines().entry(call.timeouts(), stream);
    Call okCall = client.newCall(request.tag(Deadlines.Entry.class, deadline).build());
    okCall.addEventListener(deadline.events());
    if (lane != null) okCall.addEventListener(lane);
    Runnable unregister = call.cancel().onCancel(okCall::cancel);
    deadline.start(okCall);
    try {
      return new Sent(okCall, okCall.execute(), unregister);
    } catch (IOException e) {
      deadline.end();
      unregister.run();
      if (deadline.staleConnection(okCall, e) && !call.cancel().isCancelled()) throw new StaleConnection(e);
      throw e;
    } catch (RuntimeException e) {
      deadline.end();
      unregister.run();
      throw e;
    }
  }

  /**
   * Wraps a 2xx answer that must be converted to the client's protocol.
   *
   * @param call the attempt
   * @param context the conversion context the request was converted with
   * @param okCall the upstream call, cancelled when the exchange is closed early
   * @param response the unread response; ownership passes to the returned exchange
   * @param headersNanos nanoseconds from the start of the attempt to the headers
   * @return the exchange, owned by the caller
   */
  UpstreamExchange converted(UpstreamCall call, ConvertContext context, Call okCall, Response response,
      long headersNanos) {
    if (convertsCount(call.request())) {
      return new CountTokensExchange(okCall, response, headersNanos, transport.limits().maxBodyBytes());
    }
    return new ConvertingExchange(protocol(), call.request().kind().protocol(), converter, context, okCall, response,
        headersNanos, transport.limits().maxEventBytes(), transport.limits().maxBodyBytes());
  }

  /**
   * Renders the upstream's error in the client's error shape, keeping its message where the
   * converter can; falls back to a generic message when the converter fails.
   *
   * @param client the client's protocol
   * @param status the upstream status code
   * @param upstreamBody the start of the upstream's error body
   * @return the error body for the client; never throws
   */
  private byte[] clientError(Protocol client, int status, byte[] upstreamBody) {
    try {
      return converter.error(protocol(), client, status, upstreamBody);
    } catch (RuntimeException e) {
      return ClientErrors.body(client, status, serviceType() + " upstream answered " + status);
    }
  }
}
