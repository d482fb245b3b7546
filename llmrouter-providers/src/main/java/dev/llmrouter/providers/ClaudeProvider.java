package dev.llmrouter.providers;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ClientRequestException;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.provider.ClientRequest;
import dev.llmrouter.api.provider.UpstreamCall;
import dev.llmrouter.api.provider.UpstreamExchange;
import dev.llmrouter.providers.internal.ClaudeStreamWatcher;
import dev.llmrouter.providers.internal.HeaderPolicy;
import dev.llmrouter.providers.internal.StreamWatcher;
import dev.llmrouter.providers.internal.UpstreamUrls;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Anthropic Messages upstreams ({@code serviceType: "claude"}). Auth is {@code x-api-key} plus
 * {@code anthropic-version} (the client's when it sent one). Messages clients are passed through.
 */
final class ClaudeProvider extends HttpProvider {
  static final String DEFAULT_VERSION = "2023-06-01";
  private static final MediaType JSON = MediaType.get("application/json");

  ClaudeProvider(HttpTransport transport) {
    super(transport);
  }

  @Override
  Protocol protocol() {
    return Protocol.CLAUDE;
  }

  @Override
  Request buildRequest(UpstreamCall call) {
    ClientRequest req = call.request();
    if (req.kind().protocol() != Protocol.CLAUDE) {
      throw new ClientRequestException(400, ErrorType.INVALID_REQUEST,
          req.kind().pathName() + " requests cannot be sent to a claude channel yet");
    }
    String url = UpstreamUrls.withQuery(UpstreamUrls.v1(call.baseUrl(), UpstreamUrls.stripVersion(req.path())),
        req.rawQuery());
    byte[] body = req.fields().withModel(req.body(), call.model());
    Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
    HeaderPolicy.forward(req.headers(), HeaderPolicy.Family.ANTHROPIC, b);
    b.header("x-api-key", call.apiKey());
    if (req.headers().get("anthropic-version") == null) b.header("anthropic-version", DEFAULT_VERSION);
    if (req.stream()) b.header("Accept-Encoding", "identity");
    return b.build();
  }

  @Override
  StreamWatcher newWatcher() {
    return new ClaudeStreamWatcher();
  }

  @Override
  UpstreamExchange convert(UpstreamCall call, Call okCall, Response response, long headersNanos) throws IOException {
    response.close();
    throw new ClientRequestException(400, ErrorType.INVALID_REQUEST,
        call.request().kind().pathName() + " requests cannot be sent to a claude channel yet");
  }
}
