package dev.llmrouter.server.models;

import dev.llmrouter.api.json.JsonArray;
import dev.llmrouter.api.json.JsonNull;
import dev.llmrouter.api.json.JsonObject;
import dev.llmrouter.api.json.JsonString;
import dev.llmrouter.providers.ModelLister;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders model lists in the Anthropic, OpenAI and Gemini shapes. Stateless. */
final class ModelShapes {
  private ModelShapes() {}

  static JsonObject anthropic(ModelLister.Model m) {
    Instant created = m.created() == null ? Instant.EPOCH : m.created();
    return new JsonObject().put("type", "model").put("id", m.id()).put("display_name", m.displayName())
        .put("created_at", DateTimeFormatter.ISO_INSTANT.format(created));
  }

  static JsonObject anthropicList(List<ModelLister.Model> models) {
    JsonArray data = new JsonArray();
    for (ModelLister.Model m : models) data.add(anthropic(m));
    JsonObject o = new JsonObject().put("data", data).put("has_more", false);
    o.put("first_id", models.isEmpty() ? JsonNull.INSTANCE : JsonString.of(models.get(0).id()));
    o.put("last_id", models.isEmpty() ? JsonNull.INSTANCE : JsonString.of(models.get(models.size() - 1).id()));
    return o;
  }

  static JsonObject openAi(ModelLister.Model m) {
    long created = m.created() == null ? 0 : m.created().getEpochSecond();
    return new JsonObject().put("id", m.id()).put("object", "model").put("created", created)
        .put("owned_by", m.ownedBy() == null ? "llmrouter" : m.ownedBy());
  }

  static JsonObject openAiList(List<ModelLister.Model> models) {
    JsonArray data = new JsonArray();
    for (ModelLister.Model m : models) data.add(openAi(m));
    return new JsonObject().put("object", "list").put("data", data);
  }

  /** A Gemini upstream's own entry as it is; other models in Gemini's shape. */
  static JsonObject gemini(ModelLister.Model m) {
    JsonObject raw = m.raw();
    if (raw != null && raw.getString("name") != null && raw.getString("name").startsWith("models/")) return raw;
    JsonArray methods = new JsonArray().add("generateContent").add("streamGenerateContent").add("countTokens");
    return new JsonObject().put("name", "models/" + m.id()).put("displayName", m.displayName())
        .put("supportedGenerationMethods", methods);
  }

  static JsonObject geminiList(List<ModelLister.Model> models) {
    JsonArray list = new JsonArray();
    for (ModelLister.Model m : models) list.add(gemini(m));
    return new JsonObject().put("models", list);
  }
}
