package dev.llmrouter.providers;

import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.convert.Converters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the providers that llmrouter ships, one per {@code serviceType}. The providers are
 * thread-safe and hold nothing that must be closed; the {@link HttpTransport} they share stays owned
 * by the caller.
 */
public final class Providers {
  private Providers() {}

  /**
   * Creates the standard providers with the standard converter ({@link Converters#standard()}); see
   * {@link #standard(HttpTransport, Converter)}.
   *
   * @param transport the HTTP client all providers share
   * @return a fresh, modifiable map from {@code serviceType} to provider
   * @throws NullPointerException when {@code transport} is null
   */
  public static Map<String, Provider> standard(HttpTransport transport) {
    return standard(transport, Converters.standard());
  }

  /**
   * Creates the standard providers over one transport, keyed by {@code serviceType}:
   * {@code claude}, {@code openai} (Chat Completions), {@code gemini} and {@code responses}. The
   * converter serves every request whose client protocol differs from the channel's.
   *
   * @param transport the HTTP client all providers share
   * @param converter converts requests, answers, streams and errors between protocols; must be
   *     thread-safe, since every provider uses it from many request threads
   * @return a fresh, modifiable map in that order: add a custom provider to it before handing it to a
   *     router
   * @throws NullPointerException when {@code transport} or {@code converter} is null
   */
  public static Map<String, Provider> standard(HttpTransport transport, Converter converter) {
    Map<String, Provider> map = new LinkedHashMap<>();
    for (Provider p : new Provider[] {new ClaudeProvider(transport, converter), new ChatProvider(transport, converter),
        new GeminiProvider(transport, converter), new ResponsesProvider(transport, converter)}) {
      map.put(p.serviceType(), p);
    }
    return map;
  }
}
