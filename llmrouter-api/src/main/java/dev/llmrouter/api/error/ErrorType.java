package dev.llmrouter.api.error;

/**
 * Protocol-neutral error categories, each rendered with the matching type, code or status of the
 * client's API by {@link ClientErrors}.
 */
public enum ErrorType {
  INVALID_REQUEST,
  AUTHENTICATION,
  PERMISSION,
  NOT_FOUND,
  REQUEST_TOO_LARGE,
  RATE_LIMIT,
  OVERLOADED,
  UPSTREAM,
  TIMEOUT,
  INTERNAL;

  /** The category that usually goes with a status. */
  public static ErrorType forStatus(int status) {
    switch (status) {
      case 400:
      case 422:
        return INVALID_REQUEST;
      case 401:
        return AUTHENTICATION;
      case 403:
        return PERMISSION;
      case 404:
        return NOT_FOUND;
      case 413:
        return REQUEST_TOO_LARGE;
      case 429:
        return RATE_LIMIT;
      case 503:
      case 529:
        return OVERLOADED;
      case 502:
        return UPSTREAM;
      case 504:
        return TIMEOUT;
      default:
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
  }
}
