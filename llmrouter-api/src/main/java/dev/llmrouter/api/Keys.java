package dev.llmrouter.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Masks and fingerprints secrets so that logs and admin answers never carry a whole key. Stateless
 * and thread-safe.
 */
public final class Keys {
  private Keys() {}

  /**
   * Masks a secret for display: {@code sk-ant-api03-abcd…9z1x} becomes {@code sk-ant-a…9z1x}.
   * Short secrets show less: at most a quarter of a key is ever shown.
   *
   * @param key the secret; may be null
   * @return the masked form, empty for a null or empty key
   */
  public static String mask(String key) {
    if (key == null || key.isEmpty()) return "";
    int n = key.length();
    if (n <= 8) return "***";
    if (n <= 16) return key.substring(0, 2) + "…" + key.substring(n - 2);
    return key.substring(0, 8) + "…" + key.substring(n - 4);
  }

  /**
   * A stable, non-reversible fingerprint of a key (12 hex chars of its SHA-256), usable to name a
   * key in admin calls and metrics without revealing it.
   *
   * @param key the secret
   * @return 12 lower-case hex characters
   * @throws NullPointerException when the key is null
   */
  public static String fingerprint(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(12);
      for (int i = 0; i < 6; i++) {
        sb.append(Character.forDigit((digest[i] >> 4) & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
