package dev.llmrouter.server.http;

import io.undertow.server.HttpServerExchange;

/**
 * A group of routes. The server asks each set in turn, on the IO thread, whether it serves a
 * request; a set that does must answer it or dispatch it to a worker (see {@link ServerContext}),
 * and must not block.
 */
public interface RouteSet {
  /**
   * Serves the request when one of this set's routes matches.
   *
   * @return true when the request was taken (answered or dispatched), false to let others try
   */
  boolean handle(HttpServerExchange exchange, String method, String path, ServerContext context);
}
