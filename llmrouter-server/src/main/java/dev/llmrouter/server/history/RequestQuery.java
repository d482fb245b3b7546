package dev.llmrouter.server.history;

import dev.llmrouter.api.ApiKind;

/**
 * A page of the request log: the newest attempts of a kind first.
 *
 * @param kind the client API
 * @param limit the most attempts in the page, 1 to {@link #MAX_LIMIT}
 * @param channel a channel's id or name, or null for all
 * @param status an upstream status ("429"), a result ("failure", "success", "client_error",
 *     "cancelled"), or null for all
 * @param sinceMs the earliest start time, in epoch milliseconds, or 0
 * @param beforeSeq only attempts older than this {@link RequestAttempt#seq()} (the next page), or 0
 */
public record RequestQuery(ApiKind kind, int limit, String channel, String status, long sinceMs, long beforeSeq) {
  /** The largest page. */
  public static final int MAX_LIMIT = 500;

  public RequestQuery {
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
  }
}
