package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.providers.internal.ErrorBodies;
import dev.llmrouter.providers.internal.ErrorExchange;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.PassthroughExchange;
import dev.llmrouter.providers.internal.StreamWatcher;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The common flow of an OkHttp provider: build the upstream request, execute it on the caller's
 * thread, tie it to the client's cancel signal, and wrap the answer. Subclasses say how requests
 * are built and answers read for their protocol.
 */
abstract class HttpProvider implements Provider {
  final HttpTransport transport;

  HttpProvider(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The protocol this upstream speaks. */
  abstract Protocol protocol();

  /** Builds the upstream request for one attempt. */
  abstract Request buildRequest(UpstreamCall call);

  /** A watcher for a passed-through stream of this protocol. */
  abstract StreamWatcher newWatcher();

  @Override
  public String serviceType() {
    return protocol().serviceType();
  }

  @Override
  public UpstreamExchange open(UpstreamCall call) throws IOException {
    boolean stream = call.request().stream();
    Request request = buildRequest(call);
    OkHttpClient client = transport.clientFor(call.timeouts(), stream, call.channel().insecureSkipVerify());
    Call okCall = client.newCall(request);
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
      return new ErrorExchange(response.code(), HeaderPolicy.response(response.headers()), contentType, error,
          clientError(call, response.code(), error), headersNanos);
    }
    // A long-lived answer: the call timeout guarded only the wait for headers.
    if (stream) okCall.timeout().cancel();
    Protocol clientProtocol = call.request().kind().protocol();
    if (clientProtocol == protocol()) {
      return new PassthroughExchange(protocol(), okCall, response, newWatcher(), headersNanos);
    }
    return convert(call, okCall, response, headersNanos);
  }

  /** The client's view of an upstream error body; the same bytes when no conversion is involved. */
  byte[] clientError(UpstreamCall call, int status, byte[] upstreamBody) {
    return upstreamBody;
  }

  /** Wraps a 2xx answer that must be converted to the client's protocol. */
  abstract UpstreamExchange convert(UpstreamCall call, Call okCall, Response response, long headersNanos)
      throws IOException;
}
