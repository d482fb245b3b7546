package dev.llmrouter.convert.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code user} of an OpenAI request (Chat Completions and Responses) from another client's user
 * id. OpenAI answers 400 {@code string_above_max_length} for a {@code user} longer than
 * {@value #MAX_LENGTH} characters (OpenRouter's limit is 128), and Claude Code's
 * {@code metadata.user_id} is a JSON object of about 150. A longer id is replaced by a stable
 * digest of it, so requests of one user still share an identifier. Stateless.
 */
public final class OpenAiUser {
  /** The longest {@code user} OpenAI accepts. */
  public static final int MAX_LENGTH = 64;

  private OpenAiUser() {}

  /**
   * The {@code user} to send.
   *
   * @param user the client's user id, or null
   * @return the id itself when short enough, else {@code u-} and the first 40 hex digits of its
   *     SHA-256; null for null
   */
  public static String of(String user) {
    if (user == null || user.length() <= MAX_LENGTH) return user;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("u-");
      for (int i = 0; i < 20; i++) sb.append(String.format("%02x", digest[i] & 0xff));
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
