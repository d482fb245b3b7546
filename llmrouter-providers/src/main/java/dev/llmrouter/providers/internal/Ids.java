package dev.llmrouter.providers.internal;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * A source of random id suffixes for ids made up during conversion (response ids, tool-call ids):
 * 24 characters of {@code [A-Za-z0-9]}, about 143 bits. This class is thread-safe.
 */
public final class Ids implements Supplier<String> {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int LENGTH = 24;

  private final SecureRandom random;

  public Ids(SecureRandom random) {
    this.random = random;
  }

  @Override
  public String get() {
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    return new String(out);
  }
}
