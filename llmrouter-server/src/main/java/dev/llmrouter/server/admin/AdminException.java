package dev.llmrouter.server.admin;

import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;

/**
 * A refused admin request: the HTTP status, the field at fault (a path such as {@code baseUrls[1]},
 * or null when no field is to blame) and a message that never contains a secret. Rendered as
 * {@code {"error":{"field":...,"message":...}}}.
 */
final class AdminException extends RuntimeException {
  private final int status;
  private final String field;

  AdminException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  static AdminException badRequest(String field, String message) {
    return new AdminException(400, field, message);
  }

  static AdminException notFound(String field, String message) {
    return new AdminException(404, field, message);
  }

  int status() {
    return status;
  }

  String field() {
    return field;
  }

  /** The error body. */
  JsonObject body() {
    JsonObject error = new JsonObject();
    if (field == null) {
      error.put("field", JsonNull.INSTANCE);
    } else {
      error.put("field", field);
    }
    error.put("message", getMessage());
    return JsonObject.of("error", error);
  }
}
