package dev.llmrouter.api.error;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseFrames;

/**
 * Renders errors in each client protocol's own shape. Stateless and thread-safe.
 *
 * <ul>
 *   <li>Anthropic: {@code {"type":"error","error":{"type":"invalid_request_error","message":"..."}}}
 *   <li>OpenAI (Chat and Responses): {@code {"error":{"message":"...","type":"...","param":null,"code":...}}}
 *   <li>Gemini: {@code {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}}
 * </ul>
 */
public final class ClientErrors {
  private ClientErrors() {}

  /**
   * Renders a JSON error body.
   *
   * @param protocol the client's protocol
   * @param status the HTTP status the body goes with (Gemini repeats it in {@code code})
   * @param type the error category
   * @param message the text shown to the client; never a key or a stack trace
   * @return the body, UTF-8 JSON
   */
  public static byte[] body(Protocol protocol, int status, ErrorType type, String message) {
    return Json.write(tree(protocol, status, type, message));
  }

  /**
   * Renders a JSON error body with the type that goes with the status ({@link ErrorType#forStatus}).
   *
   * @param protocol the client's protocol
   * @param status the HTTP status
   * @param message the text shown to the client
   * @return the body, UTF-8 JSON
   */
  public static byte[] body(Protocol protocol, int status, String message) {
    return body(protocol, status, ErrorType.forStatus(status), message);
  }

  /**
   * Returns the error as a JSON tree, for callers that add fields before writing it.
   *
   * @param protocol the client's protocol
   * @param status the HTTP status the body goes with
   * @param type the error category
   * @param message the text shown to the client
   * @return a new tree that the caller owns
   */
  public static JsonObject tree(Protocol protocol, int status, ErrorType type, String message) {
    switch (protocol) {
      case CLAUDE:
        return JsonObject.of("type", Json.parse("\"error\""),
            "error", new JsonObject().put("type", anthropicType(type)).put("message", message));
      case GEMINI:
        return JsonObject.of("error", new JsonObject().put("code", status).put("message", message)
            .put("status", geminiStatus(status, type)));
      default:
        JsonObject error = new JsonObject().put("message", message).put("type", openAiType(type))
            .put("param", JsonNull.INSTANCE).put("code", openAiCode(type));
        return JsonObject.of("error", error);
    }
  }

  /**
   * Renders the error as one server-sent event that ends a stream: an {@code event: error} for
   * Anthropic and Responses clients, a {@code data:}-only event for Chat and Gemini clients.
   *
   * @param protocol the client's protocol
   * @param type the error category
   * @param message the text shown to the client
   * @return the complete event bytes, blank line included
   */
  public static byte[] streamEvent(Protocol protocol, ErrorType type, String message) {
    switch (protocol) {
      case CLAUDE:
        return SseFrames.encode("error", Json.writeString(tree(protocol, 500, type, message)));
      case RESPONSES: {
        JsonObject event = new JsonObject().put("type", "error").put("code", openAiCode(type))
            .put("message", message).put("param", JsonNull.INSTANCE);
        return SseFrames.encode("error", Json.writeString(event));
      }
      default:
        return SseFrames.data(Json.writeString(tree(protocol, 500, type, message)));
    }
  }

  /**
   * Maps a category to Anthropic's {@code error.type}.
   *
   * @param type the category
   * @return the Anthropic type, {@code api_error} for categories Anthropic has no word for
   */
  public static String anthropicType(ErrorType type) {
    switch (type) {
      case INVALID_REQUEST: return "invalid_request_error";
      case AUTHENTICATION: return "authentication_error";
      case PERMISSION: return "permission_error";
      case NOT_FOUND: return "not_found_error";
      case REQUEST_TOO_LARGE: return "request_too_large";
      case RATE_LIMIT: return "rate_limit_error";
      case OVERLOADED: return "overloaded_error";
      case TIMEOUT: return "timeout_error";
      default: return "api_error";
    }
  }

  /**
   * Maps a category to OpenAI's {@code error.type}.
   *
   * @param type the category
   * @return the OpenAI type, {@code server_error} for categories OpenAI has no word for
   */
  public static String openAiType(ErrorType type) {
    switch (type) {
      case INVALID_REQUEST:
      case NOT_FOUND:
      case REQUEST_TOO_LARGE:
        return "invalid_request_error";
      case AUTHENTICATION: return "authentication_error";
      case PERMISSION: return "permission_error";
      case RATE_LIMIT: return "rate_limit_error";
      default: return "server_error";
    }
  }

  /**
   * Maps a category to OpenAI's {@code error.code}.
   *
   * @param type the category
   * @return the OpenAI code
   */
  public static String openAiCode(ErrorType type) {
    switch (type) {
      case INVALID_REQUEST: return "invalid_request";
      case AUTHENTICATION: return "invalid_api_key";
      case PERMISSION: return "permission_denied";
      case NOT_FOUND: return "not_found";
      case REQUEST_TOO_LARGE: return "request_too_large";
      case RATE_LIMIT: return "rate_limit_exceeded";
      case OVERLOADED: return "service_unavailable";
      case TIMEOUT: return "timeout";
      case UPSTREAM: return "upstream_error";
      default: return "server_error";
    }
  }

  /**
   * Maps a category to Gemini's {@code error.status}.
   *
   * @param status the HTTP status, used only when the category has no Gemini status of its own
   * @param type the category
   * @return the Gemini status, such as {@code INVALID_ARGUMENT}
   */
  public static String geminiStatus(int status, ErrorType type) {
    switch (type) {
      case INVALID_REQUEST:
      case REQUEST_TOO_LARGE:
        return "INVALID_ARGUMENT";
      case AUTHENTICATION: return "UNAUTHENTICATED";
      case PERMISSION: return "PERMISSION_DENIED";
      case NOT_FOUND: return "NOT_FOUND";
      case RATE_LIMIT: return "RESOURCE_EXHAUSTED";
      case OVERLOADED:
      case UPSTREAM:
        return "UNAVAILABLE";
      case TIMEOUT: return "DEADLINE_EXCEEDED";
      default: return status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
    }
  }
}
