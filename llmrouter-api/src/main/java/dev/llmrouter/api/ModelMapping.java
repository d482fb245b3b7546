package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code modelMapping} rule: requested model to upstream model. Stateless and thread-safe. */
public final class ModelMapping {
  private ModelMapping() {}

  /**
   * Maps a model. An exact key match wins. Otherwise the sources are tried from the longest to the
   * shortest, ties in the mapping's own order (deterministic), and the first source that contains
   * the model or is contained in it wins. An empty or null model is never mapped. No match leaves
   * the model unchanged.
   *
   * @param mapping source model (or model fragment) to upstream model, in configured order
   * @param model the model the client asked for; may be null or empty
   * @return the upstream model, or {@code model} itself when nothing matches
   */
  public static String apply(Map<String, String> mapping, String model) {
    if (model == null || model.isEmpty() || mapping.isEmpty()) return model;
    String exact = mapping.get(model);
    if (exact != null) return exact;
    List<Map.Entry<String, String>> entries = new ArrayList<>(mapping.entrySet());
    // List.sort is stable, so equal lengths keep the mapping's order.
    entries.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
    for (Map.Entry<String, String> e : entries) {
      String source = e.getKey();
      if (source.isEmpty()) continue;
      if (model.contains(source) || source.contains(model)) return e.getValue();
    }
    return model;
  }
}
