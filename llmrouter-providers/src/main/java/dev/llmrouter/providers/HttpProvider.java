package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.convert.ConvertContext;
import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.error.ClientErrors;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.providers.internal.ConvertingExchange;
import dev.llmrouter.providers.internal.ErrorBodies;
import dev.llmrouter.providers.internal.ErrorExchange;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.Ids;
import dev.llmrouter.providers.internal.PassthroughExchange;
import dev.llmrouter.providers.internal.StreamWatcher;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The common flow of an OkHttp provider: build the upstream request (the client's bytes when the
 * channel speaks the client's protocol, a {@link Converter} request otherwise), execute it on the
 * caller's thread, tie it to the client's cancel signal, and wrap the answer. Subclasses say how
 * their protocol builds URLs and authenticates. Thread-safe.
 */
abstract class HttpProvider implements Provider {
  static final MediaType JSON = MediaType.get("application/json");

  final HttpTransport transport;
  final Converter converter;
  private final Ids ids = new Ids(new SecureRandom());

  HttpProvider(HttpTransport transport, Converter converter) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.converter = Objects.requireNonNull(converter, "converter");
  }

  /** The protocol this upstream speaks. */
  abstract Protocol protocol();

  /** Which client headers this upstream understands. */
  abstract HeaderPolicy.Family family();

  /** The upstream URL of one attempt. */
  abstract String url(UpstreamCall call, boolean passthrough, boolean stream);

  /** Sets the upstream's authentication (and protocol version) headers. */
  abstract void auth(Request.Builder request, UpstreamCall call);

  /** A watcher for a passed-through stream of this protocol. */
  abstract StreamWatcher newWatcher();

  @Override
  public String serviceType() {
    return protocol().serviceType();
  }

  /**
   * Compacting is a Responses operation; token counting is served by claude (Messages) and gemini
   * (Gemini) upstreams only. Everything else every provider can serve.
   */
  @Override
  public boolean supports(ClientRequest request) {
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

  /** The passed-through body: the client's bytes with only the model rewritten. */
  byte[] passthroughBody(UpstreamCall call) {
    ClientRequest req = call.request();
    return req.fields().withModel(req.body(), call.model());
  }

  /** The upstream body of a converted request. */
  byte[] convertedBody(UpstreamCall call, ConvertContext context) {
    ClientRequest req = call.request();
    return converter.request(req.kind().protocol(), protocol(), req.body(), context);
  }

  /** What a conversion needs to know about this attempt. */
  ConvertContext context(UpstreamCall call) {
    ClientRequest req = call.request();
    return new ConvertContext(req.model(), call.model(), req.stream(), ids,
        call.channel().injectDummyThoughtSignature(), call.channel().stripThoughtSignature());
  }

  /** True when the upstream is asked for a stream. */
  static boolean streamed(ClientRequest req) {
    switch (req.operation()) {
      case "compact":
      case "count_tokens":
      case "countTokens":
        return false;
      default:
        return req.stream();
    }
  }

  @Override
  public UpstreamExchange open(UpstreamCall call) throws IOException {
    ClientRequest req = call.request();
    if (!supports(req)) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST,
          req.operation() + " is not supported by " + serviceType() + " channels");
    }
    Protocol client = req.kind().protocol();
    boolean passthrough = client == protocol();
    boolean stream = streamed(req);
    ConvertContext context = passthrough ? null : context(call);
    byte[] body = passthrough ? passthroughBody(call) : convertedBody(call, context);
    Request.Builder b = new Request.Builder().url(url(call, passthrough, stream)).post(RequestBody.create(body, JSON));
    HeaderPolicy.forward(req.headers(), family(), b);
    auth(b, call);
    // Streams are read event by event: no compression. Other answers are gunzipped by OkHttp.
    if (stream) b.header("Accept-Encoding", "identity");
    OkHttpClient client0 = transport.clientFor(call.timeouts(), stream, call.channel().insecureSkipVerify());
    Call okCall = client0.newCall(b.build());
    Runnable unregister = call.cancel().onCancel(okCall::cancel);
    long start = System.nanoTime();
    Response response;
    try {
      response = okCall.execute();
    } catch (IOException e) {
      unregister.run();
      throw e;
    }
    long headersNanos = System.nanoTime() - start;
    if (!response.isSuccessful()) {
      unregister.run();
      String contentType = response.header("Content-Type", "application/json");
      byte[] error = ErrorBodies.readAndClose(response);
      return passthrough
          ? new ErrorExchange(response.code(), HeaderPolicy.response(response.headers()), contentType, error, error,
              headersNanos)
          : new ErrorExchange(response.code(), HeaderPolicy.responseConverted(response.headers()), "application/json",
              error, clientError(client, response.code(), error), headersNanos);
    }
    // A long-lived answer: the call timeout guarded only the wait for headers.
    if (stream) okCall.timeout().cancel();
    if (passthrough) return new PassthroughExchange(protocol(), okCall, response, newWatcher(), stream, headersNanos);
    return converted(call, context, okCall, response, headersNanos);
  }

  /** Wraps a 2xx answer that must be converted to the client's protocol. */
  UpstreamExchange converted(UpstreamCall call, ConvertContext context, Call okCall, Response response,
      long headersNanos) {
    return new ConvertingExchange(protocol(), call.request().kind().protocol(), converter, context, okCall, response,
        headersNanos);
  }

  /** The upstream's error in the client's error shape, keeping its message where the converter can. */
  private byte[] clientError(Protocol client, int status, byte[] upstreamBody) {
    try {
      return converter.error(protocol(), client, status, upstreamBody);
    } catch (RuntimeException e) {
      return ClientErrors.body(client, status, serviceType() + " upstream answered " + status);
    }
  }
}
