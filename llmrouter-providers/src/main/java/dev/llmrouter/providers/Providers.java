package dev.llmrouter.providers;

import dev.llmrouter.api.provider.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creates the providers that llmrouter ships, one per {@code serviceType}. */
public final class Providers {
  private Providers() {}

  /**
   * The standard providers over one transport, keyed by {@code serviceType}. The map is a fresh,
   * modifiable copy: add a custom provider to it before handing it to a router.
   */
  public static Map<String, Provider> standard(HttpTransport transport) {
    Map<String, Provider> map = new LinkedHashMap<>();
    Provider claude = new ClaudeProvider(transport);
    map.put(claude.serviceType(), claude);
    return map;
  }
}
