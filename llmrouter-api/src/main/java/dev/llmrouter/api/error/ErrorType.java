package dev.llmrouter.api.error;

/**
 * Protocol-neutral error categories, each rendered with the matching type, code or status of the
 * client's API by {@link ClientErrors}.
 */
public enum ErrorType {
  /** The request is malformed or cannot be expressed (400, 422). */
  INVALID_REQUEST,
  /** The key is missing or wrong (401). */
  AUTHENTICATION,
  /** The key may not do this (403). */
  PERMISSION,
  /** No such model or route (404). */
  NOT_FOUND,
  /** The body is too large (413). */
  REQUEST_TOO_LARGE,
  /** Too many requests (429). */
  RATE_LIMIT,
  /** The upstream or the router is overloaded (503, 529). */
  OVERLOADED,
  /** The upstream failed or sent something unusable (502). */
  UPSTREAM,
  /** The upstream did not answer in time (504). */
  TIMEOUT,
  /** Any other server-side failure (other 5xx). */
  INTERNAL;

  /**
   * Returns the category that usually goes with a status.
   *
   * @param status an HTTP status
   * @return the category; {@link #INTERNAL} for unlisted 5xx, {@link #INVALID_REQUEST} for anything else
   */
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
