package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import dev.llmrouter.server.ingress.GeminiPath;
import dev.llmrouter.server.ingress.ProxyHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The client APIs: {@code POST /v1/messages}, {@code POST /v1/responses}, {@code POST
 * /v1/responses/compact}, and Gemini's {@code POST /v1beta/models/{model}:{action}} (also under
 * {@code /v1/models/}, the Google GenAI SDK's default). Each answers errors in its own protocol's
 * shape; Gemini routes also accept the access key as {@code ?key=}.
 */
final class ProxyRoutes implements RouteSet {
  private final ProxyHandler proxy;

  ProxyRoutes(ProxyHandler proxy) {
    this.proxy = proxy;
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    switch (path) {
      case "/v1/messages":
        serve(exchange, method, ctx, ApiKind.MESSAGES, "messages");
        return true;
      case "/v1/responses":
        serve(exchange, method, ctx, ApiKind.RESPONSES, "responses");
        return true;
      case "/v1/responses/compact":
        serve(exchange, method, ctx, ApiKind.RESPONSES, "compact");
        return true;
      default:
        break;
    }
    GeminiPath gemini = GeminiPath.parse(path);
    // GET /v1/models/{id} belongs to the models API; only POSTs with an action are Gemini calls.
    if (gemini == null || !method.equals("POST") && !path.startsWith("/v1beta/")) return false;
    if (!ctx.requireProxy(exchange, Protocol.GEMINI, true)) return true;
    if (!method.equals("POST")) {
      ServerContext.methodNotAllowed(exchange, Protocol.GEMINI, "POST");
      return true;
    }
    if (!gemini.isSupported()) {
      Exchanges.sendError(exchange, Protocol.GEMINI, 404, ErrorType.NOT_FOUND,
          "action " + gemini.action() + " is not supported; use generateContent, streamGenerateContent or countTokens");
      return true;
    }
    if (gemini.model().isEmpty()) {
      Exchanges.sendError(exchange, Protocol.GEMINI, 400, ErrorType.INVALID_REQUEST, "model name is required in the URL path");
      return true;
    }
    if (proxy.servesStreamsOnIoThread()) {
      proxy.handleOnIoThread(exchange, ApiKind.GEMINI, gemini.action(), gemini.model(), gemini.isStream(),
          ctx.workers());
      return true;
    }
    ctx.dispatch(exchange, Protocol.GEMINI, () -> proxy.handle(exchange, ApiKind.GEMINI, gemini.action(), gemini.model(),
        gemini.isStream()));
    return true;
  }

  private void serve(HttpServerExchange exchange, String method, ServerContext ctx, ApiKind kind, String operation) {
    Protocol shape = kind.protocol();
    if (!ctx.requireProxy(exchange, shape, false)) return;
    if (!method.equals("POST")) {
      ServerContext.methodNotAllowed(exchange, shape, "POST");
      return;
    }
    if (proxy.servesStreamsOnIoThread()) {
      proxy.handleOnIoThread(exchange, kind, operation, null, false, ctx.workers());
      return;
    }
    ctx.dispatch(exchange, shape, () -> proxy.handle(exchange, kind, operation, null, false));
  }
}
