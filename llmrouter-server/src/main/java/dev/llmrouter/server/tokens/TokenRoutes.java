package dev.llmrouter.server.tokens;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** The route {@code POST /v1/messages/count_tokens} (access key required). */
public final class TokenRoutes implements RouteSet {
  static final String PATH = "/v1/messages/count_tokens";

  private final CountTokensHandler handler;

  public TokenRoutes(CountTokensHandler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext context) {
    if (!path.equals(PATH)) return false;
    if (!context.requireProxy(exchange, Protocol.CLAUDE, false)) return true;
    if (!method.equals("POST")) {
      ServerContext.methodNotAllowed(exchange, Protocol.CLAUDE, "POST");
      return true;
    }
    context.dispatch(exchange, Protocol.CLAUDE, () -> handler.handle(exchange));
    return true;
  }
}
