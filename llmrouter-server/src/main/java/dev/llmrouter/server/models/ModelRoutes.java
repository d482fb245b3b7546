package dev.llmrouter.server.models;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.error.ErrorType;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.providers.ModelLister;
import dev.llmrouter.server.http.Exchanges;
import dev.llmrouter.server.http.RouteSet;
import dev.llmrouter.server.http.ServerContext;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Objects;

/**
 * The model routes (access key required): {@code GET /v1/models} and {@code GET /v1/models/{id}}
 * over the messages and responses channels, in Anthropic's shape when the client sends
 * {@code anthropic-version} and OpenAI's otherwise; {@code GET /v1beta/models} and
 * {@code GET /v1beta/models/{id}} over the gemini channels in Gemini's shape. Paths with a
 * {@code :action} belong to the Gemini proxy and are left alone.
 */
public final class ModelRoutes implements RouteSet {
  private static final List<ApiKind> OPENAI_KINDS = List.of(ApiKind.MESSAGES, ApiKind.RESPONSES);
  private static final List<ApiKind> GEMINI_KINDS = List.of(ApiKind.GEMINI);

  private final ModelCatalog catalog;

  public ModelRoutes(ModelCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public boolean handle(HttpServerExchange exchange, String method, String path, ServerContext context) {
    if (path.equals("/v1/models") || path.equals("/v1/models/")) {
      Protocol shape = shape(exchange);
      if (!context.requireProxy(exchange, shape, false)) return true;
      if (!method.equals("GET")) {
        ServerContext.methodNotAllowed(exchange, shape, "GET");
        return true;
      }
      context.dispatch(exchange, shape, () -> list(exchange, shape));
      return true;
    }
    String id = idAfter(path, "/v1/models/");
    if (id != null && method.equals("GET")) {
      Protocol shape = shape(exchange);
      if (!context.requireProxy(exchange, shape, false)) return true;
      context.dispatch(exchange, shape, () -> one(exchange, shape, id));
      return true;
    }
    if (path.equals("/v1beta/models") || path.equals("/v1beta/models/")) {
      if (!context.requireProxy(exchange, Protocol.GEMINI, true)) return true;
      if (!method.equals("GET")) {
        ServerContext.methodNotAllowed(exchange, Protocol.GEMINI, "GET");
        return true;
      }
      context.dispatch(exchange, Protocol.GEMINI, () -> list(exchange, Protocol.GEMINI));
      return true;
    }
    String geminiId = idAfter(path, "/v1beta/models/");
    if (geminiId != null && method.equals("GET")) {
      if (!context.requireProxy(exchange, Protocol.GEMINI, true)) return true;
      context.dispatch(exchange, Protocol.GEMINI, () -> one(exchange, Protocol.GEMINI, geminiId));
      return true;
    }
    return false;
  }

  /** The model id after a prefix, or null when the path has none or names an action. */
  static String idAfter(String path, String prefix) {
    if (!path.startsWith(prefix) || path.length() == prefix.length()) return null;
    String id = path.substring(prefix.length());
    return id.indexOf(':') >= 0 ? null : id;
  }

  private static Protocol shape(HttpServerExchange exchange) {
    return exchange.getRequestHeaders().getFirst("anthropic-version") != null ? Protocol.CLAUDE : Protocol.OPENAI_CHAT;
  }

  private void list(HttpServerExchange exchange, Protocol shape) {
    if (shape == Protocol.GEMINI) {
      Exchanges.sendJson(exchange, 200, Json.write(ModelShapes.geminiList(catalog.models(GEMINI_KINDS))));
      return;
    }
    List<ModelLister.Model> models = catalog.models(OPENAI_KINDS);
    Exchanges.sendJson(exchange, 200, Json.write(shape == Protocol.CLAUDE ? ModelShapes.anthropicList(models)
        : ModelShapes.openAiList(models)));
  }

  private void one(HttpServerExchange exchange, Protocol shape, String id) {
    List<ModelLister.Model> models = catalog.models(shape == Protocol.GEMINI ? GEMINI_KINDS : OPENAI_KINDS);
    for (ModelLister.Model m : models) {
      if (!m.id().equals(id)) continue;
      Exchanges.sendJson(exchange, 200, Json.write(shape == Protocol.GEMINI ? ModelShapes.gemini(m)
          : shape == Protocol.CLAUDE ? ModelShapes.anthropic(m) : ModelShapes.openAi(m)));
      return;
    }
    Exchanges.sendError(exchange, shape, 404, ErrorType.NOT_FOUND, "model not found: " + id);
  }
}
