package dev.llmrouter.api.outcome;

import dev.llmrouter.api.ApiKind;
import dev.llmrouter.api.Usage;
import java.time.Instant;

/**
 * What happened in one upstream attempt. Breakers, key health, affinity and metrics all consume
 * these events. Immutable.
 *
 * @param kind the client API
 * @param channelId the channel's stable id
 * @param channelName its display name
 * @param baseUrl the base URL tried
 * @param keyFingerprint the key's fingerprint (never the key)
 * @param keyMask the key masked for display
 * @param model the model requested by the client
 * @param status the upstream status, or 0 when none arrived
 * @param result how the attempt ended
 * @param firstByteNanos time to the first byte of the answer (headers for non-streams, first event
 *     for streams), or -1
 * @param totalNanos time from start to end of the attempt
 * @param usage tokens of the answer
 * @param streamed whether the answer was a stream
 * @param at when the attempt started
 * @param detail a short reason for failures (never a key or a body), or null
 * @param requestId the id of the client request this attempt served (shared by every attempt of
 *     one request), or null when the caller gave none
 */
public record AttemptOutcome(
    ApiKind kind,
    String channelId,
    String channelName,
    String baseUrl,
    String keyFingerprint,
    String keyMask,
    String model,
    int status,
    Result result,
    long firstByteNanos,
    long totalNanos,
    Usage usage,
    boolean streamed,
    Instant at,
    String detail,
    String requestId) {

  /**
   * An outcome without a request id.
   *
   * @param kind the client API
   * @param channelId the channel's stable id
   * @param channelName its display name
   * @param baseUrl the base URL tried
   * @param keyFingerprint the key's fingerprint (never the key)
   * @param keyMask the key masked for display
   * @param model the model requested by the client
   * @param status the upstream status, or 0 when none arrived
   * @param result how the attempt ended
   * @param firstByteNanos time to the first byte of the answer, or -1
   * @param totalNanos time from start to end of the attempt
   * @param usage tokens of the answer
   * @param streamed whether the answer was a stream
   * @param at when the attempt started
   * @param detail a short reason for failures, or null
   */
  public AttemptOutcome(ApiKind kind, String channelId, String channelName, String baseUrl, String keyFingerprint,
      String keyMask, String model, int status, Result result, long firstByteNanos, long totalNanos, Usage usage,
      boolean streamed, Instant at, String detail) {
    this(kind, channelId, channelName, baseUrl, keyFingerprint, keyMask, model, status, result, firstByteNanos,
        totalNanos, usage, streamed, at, detail, null);
  }

  /** How an attempt ended. */
  public enum Result {
    /** The upstream answered 2xx and the answer reached its end. */
    SUCCESS,
    /** An upstream fault: connection, timeout, 5xx, 429, auth, or a stream that broke. */
    FAILURE,
    /** The upstream rejected the client's request (relayed 4xx); no fault of the channel. */
    CLIENT_ERROR,
    /** The client went away; no fault of the channel. */
    CANCELLED
  }
}
