package dev.llmrouter.server;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import dev.llmrouter.server.ingress.ProxyHandler;
import io.undertow.server.HttpServerExchange;

/** The client APIs: {@code /v1/messages}. */
final class ProxyRoutes implements RouteSet {
  private final ProxyHandler proxy;

  ProxyRoutes(ProxyHandler proxy) {
    this.proxy = proxy;
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext ctx) {
    if (path.equals("/v1/messages")) {
      if (!ctx.requireProxy(exchange, Protocol.CLAUDE, false)) return true;
      if (!method.equals("POST")) {
        ServerContext.methodNotAllowed(exchange, Protocol.CLAUDE, "POST");
        return true;
      }
      ctx.dispatch(exchange, Protocol.CLAUDE, () -> proxy.handle(exchange, ApiKind.MESSAGES, "messages", null, false));
      return true;
    }
    if (path.equals("/v1/responses")) {
      if (!ctx.requireProxy(exchange, Protocol.RESPONSES, false)) return true;
      if (!method.equals("POST")) {
        ServerContext.methodNotAllowed(exchange, Protocol.RESPONSES, "POST");
        return true;
      }
      ctx.dispatch(exchange, Protocol.RESPONSES, () -> proxy.handle(exchange, ApiKind.RESPONSES, "responses", null, false));
      return true;
    }
    if (path.equals("/v1/responses/compact")) {
      if (!ctx.requireProxy(exchange, Protocol.RESPONSES, false)) return true;
      if (!method.equals("POST")) {
        ServerContext.methodNotAllowed(exchange, Protocol.RESPONSES, "POST");
        return true;
      }
      ctx.dispatch(exchange, Protocol.RESPONSES, () -> proxy.handle(exchange, ApiKind.RESPONSES, "compact", null, false));
      return true;
    }
    return false;
  }
}
