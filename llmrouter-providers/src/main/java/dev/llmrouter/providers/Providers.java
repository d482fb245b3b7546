package dev.llmrouter.providers;

import dev.llmrouter.api.convert.Converter;
import dev.llmrouter.api.provider.Provider;
import dev.llmrouter.convert.Converters;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the providers that llmrouter ships, one per {@code serviceType}. */
public final class Providers {
  private Providers() {}

  /** The standard providers with the standard converter ({@link Converters#standard()}). */
  public static Map<String, Provider> standard(HttpTransport transport) {
    return standard(transport, Converters.standard());
  }

  /**
   * The standard providers over one transport, keyed by {@code serviceType}: {@code claude},
   * {@code openai} (Chat Completions), {@code gemini} and {@code responses}. The converter serves
   * every request whose client protocol differs from the channel's. The map is a fresh, modifiable
   * copy: add a custom provider to it before handing it to a router.
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
