package dev.llmrouter.api.error;

import dev.llmrouter.api.Protocol;
import dev.llmrouter.api.json.Json;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.sse.SseFrames;

/**
 * Renders errors in each client protocol's own shape. Stateless.
 *
 * <ul>
 *   <li>Anthropic: {@code {"type":"error","error":{"type":"invalid_request_error","message":"..."}}}
 *   <li>OpenAI (Chat and Responses): {@code {"error":{"message":"...","type":"...","param":null,"code":...}}}
 *   <li>Gemini: {@code {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT"}}}
 * </ul>
 */
public final class ClientErrors {
  private ClientErrors() {}

  /** The JSON error body for a status and message. */
  public static byte[] body(Protocol protocol, int status, ErrorType type, String message) {
    return Json.write(tree(protocol, status, type, message));
  }

  /** The JSON error body with the type that goes with the status. */
  public static byte[] body(Protocol protocol, int status, String message) {
    return body(protocol, status, ErrorType.forStatus(status), message);
  }

  /** The error tree, for callers that add fields. */
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

  /** The error as one server-sent event that ends a stream, for Anthropic, Chat and Gemini clients. */
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
