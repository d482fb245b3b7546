package dev.llmrouter.server.history;

import dev.llmrouter.api.json.JsonObject;
import java.time.Instant;

/**
 * One attempt of the request log, as stored.
 *
 * @param seq the row's number: later attempts have higher numbers (a cursor for paging)
 * @param requestId the request it served
 * @param kind the client API's path name
 * @param at when the attempt started
 * @param model the model the client asked for
 * @param channelId the channel's stable id
 * @param channelName its display name
 * @param keyMask the key, masked
 * @param status the upstream status, or 0 when none arrived
 * @param result SUCCESS, FAILURE, CLIENT_ERROR or CANCELLED
 * @param reason why it failed, or null
 * @param firstByteMs time to the first byte, or -1
 * @param totalMs time of the attempt
 * @param inputTokens input tokens
 * @param outputTokens output tokens
 * @param cacheReadTokens input tokens read from the cache
 * @param cacheCreationTokens input tokens written to the cache
 * @param streamed whether the answer was a stream
 */
public record RequestAttempt(long seq, String requestId, String kind, Instant at, String model, String channelId,
    String channelName, String keyMask, int status, String result, String reason, long firstByteMs, long totalMs,
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheCreationTokens, boolean streamed) {

  /** The attempt as the request log API shows it. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put("seq", seq)
        .put("time", at.toString())
        .put("requestId", requestId)
        .put("kind", kind)
        .put("model", model)
        .put("channelId", channelId)
        .put("channelName", channelName)
        .put("keyMask", keyMask)
        .put("status", status)
        .put("result", result.toLowerCase(java.util.Locale.ROOT));
    if (reason != null) o.put("reason", reason);
    return o.put("latencyMs", totalMs)
        .put("ttfbMs", firstByteMs)
        .put("inputTokens", inputTokens)
        .put("outputTokens", outputTokens)
        .put("cacheReadTokens", cacheReadTokens)
        .put("cacheCreationTokens", cacheCreationTokens)
        .put("streamed", streamed);
  }
}
